package org.socsim.cli;

import static org.socsim.cli.Hostile.Expect.FILE;
import static org.socsim.cli.Hostile.Expect.LINE;
import static org.socsim.cli.Hostile.Expect.PATH;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Hostile measurement files: the ncnn-bench table, ONNX Runtime profiles (read by {@code calibrate} and
 * {@code crossval}) and the h100-server stage and split JSON (read by {@code validate}).
 */
class HostileMeasurementsTest {
  @TempDir
  Path tmp;

  static final ObjectMapper JSON = new ObjectMapper();

  private int dirs;

  /** {@code src}'s files linked into a fresh folder (sub-folders {@code subs} too), {@code name} written as text. */
  private Path folder(Path src, List<String> subs, String sub, String name, byte[] text) throws Exception {
    Path dir = tmp.resolve("f" + dirs++);
    for (String s : subs) {
      Path d = Files.createDirectories(dir.resolve(s));
      try (var l = Files.list(src.resolve(s))) {
        for (Path p : l.toList()) {
          if (!(s.equals(sub) && p.getFileName().toString().equals(name))) {
            Files.createSymbolicLink(d.resolve(p.getFileName()), p);
          }
        }
      }
    }
    if (name != null) {
      Files.write(dir.resolve(sub).resolve(name), text);
    }
    return dir;
  }

  /** A JSON file edited as a tree (a fresh copy per call). */
  static byte[] edit(JsonNode src, Consumer<JsonNode> f) {
    JsonNode copy = src.deepCopy();
    f.accept(copy);
    try {
      return JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(copy);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new AssertionError(e);
    }
  }

  static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.ISO_8859_1);
  }

  @Test
  void ncnnResults() throws Exception {
    SharedGate.need("../shared not found: hostile ncnn results.csv cases skipped");
    Path bench = SharedData.root().get().resolve("traces/ncnn-bench");
    List<String> lines = Files.readAllLines(bench.resolve("results.csv"), StandardCharsets.UTF_8);
    String head = lines.get(0);
    String row = lines.get(1);
    String rest = String.join("\n", lines.subList(2, 60)) + "\n";
    Hostile h = new Hostile("ncnn results.csv").outputs(tmp.resolve("out"));
    class Dir {
      Path of(String text) throws Exception {
        Path d = Files.createDirectories(tmp.resolve("f" + dirs++));
        Files.createSymbolicLink(d.resolve("models"), bench.resolve("models"));
        Files.write(d.resolve("results.csv"), text.getBytes(StandardCharsets.UTF_8));
        return d;
      }

      String[] calibrate(Path d) {
        return new String[] {"calibrate", "--traces", d.toString(), "--device", "Jetson AGX Orin", "--out",
            tmp.resolve("out/orin.json").toString()};
      }
    }
    Dir dir = new Dir();
    h.baseline(o -> {
      try {
        return Files.readString(tmp.resolve("out/orin.json"));
      } catch (java.io.IOException e) {
        return "no profile: " + e;
      }
    }, dir.calibrate(dir.of(head + "\n" + row + "\n" + rest)));
    String[][] rows = {
        {"avg not a number", row.replaceFirst(",11\\.74,", ",abc,")},
        {"avg negative", row.replaceFirst(",11\\.74,", ",-11.74,")},
        {"avg NaN", row.replaceFirst(",11\\.74,", ",NaN,")},
        {"avg 1e308", row.replaceFirst(",11\\.80,11\\.74,", ",1e309,1e308,")},
        {"min > avg", row.replaceFirst(",11\\.66,11\\.80,11\\.74,", ",50.0,60.0,11.74,")},
        {"threads not a number", row.replaceFirst(",64,1,0,-1,", ",64,x,0,-1,")},
        {"threads 0", row.replaceFirst(",64,1,0,-1,", ",64,0,0,-1,")},
        {"powersave 7", row.replaceFirst(",64,1,0,-1,", ",64,1,7,-1,")},
        {"gpu_device not a number", row.replaceFirst(",64,1,0,-1,", ",64,1,0,gpu,")},
        {"a field too many", row + ",extra"},
        {"a field too few", row.substring(0, row.lastIndexOf(','))},
        {"unterminated quote", "\"" + row}};
    for (String[] r : rows) {
      Path d = dir.of(head + "\n" + r[1] + "\n" + rest);
      h.error(r[0], d.resolve("results.csv"), LINE, dir.calibrate(d));
    }
    Path renamed = dir.of(head.replace("avg_ms", "mean") + "\n" + row + "\n" + rest);
    h.error("avg_ms column renamed", renamed.resolve("results.csv"), LINE, dir.calibrate(renamed));
    Path bin = Files.createDirectories(tmp.resolve("f" + dirs++));
    Files.createSymbolicLink(bin.resolve("models"), bench.resolve("models"));
    Files.write(bin.resolve("results.csv"), new byte[] {(byte) 0xff, (byte) 0xfe, 0, 1, 2, (byte) 0xc3, 0x28});
    h.error("binary", bin.resolve("results.csv"), FILE, dir.calibrate(bin));
    Path empty = dir.of("");
    h.error("empty", empty.resolve("results.csv"), FILE, dir.calibrate(empty));
    h.same("CRLF line ends", dir.calibrate(dir.of((head + "\n" + row + "\n" + rest).replace("\n", "\r\n"))));
    h.same("UTF-8 byte order mark", dir.calibrate(dir.of("\ufeff" + head + "\n" + row + "\n" + rest)));
    h.warn("a model without a graph", "no .param graph", dir.calibrate(dir.of(head + "\n" + row + "\n"
        + row.replace(",squeezenet,", ",nosuchnet,") + "\n" + rest)));
    h.check(15);
  }

  @Test
  void ortProfiles() throws Exception {
    SharedGate.need("../shared not found: hostile ONNX Runtime profile cases skipped");
    Path src = SharedData.root().get().resolve("traces/h100-server");
    String name = "ort_squeezenet1_1_cpu_t1_2026-11-26_05-42-22_706.json";
    JsonNode ort = JSON.readTree(src.resolve("profiles").resolve(name).toFile());
    Hostile h = new Hostile("ort profile").outputs(tmp.resolve("out"));
    String[] cal = {"calibrate", "--device", "host", "--out", tmp.resolve("out/host.json").toString(), "--traces"};
    h.baseline(o -> {
      try {
        return Files.readString(tmp.resolve("out/host.json"));
      } catch (java.io.IOException e) {
        return "no profile: " + e;
      }
    }, args(cal, folder(src, List.of("profiles"), "profiles", null, null).resolve("profiles")));
    int kernel = index(ort, e -> e.path("name").asText().endsWith("_kernel_time") && e.path("ts").asLong() > 30000);
    int run = index(ort, e -> e.path("name").asText().equals("model_run"));
    int run2 = index(ort, e -> e.path("name").asText().equals("model_run") && e.path("ts").asLong() > ort.get(run)
        .path("ts").asLong());
    Object[][] bad = {
        {"empty", FILE, bytes("")},
        {"truncated", LINE, java.util.Arrays.copyOf(Files.readAllBytes(src.resolve("profiles").resolve(name)),
            200000)},
        {"binary", LINE, bytes(Hostile.BINARY)},
        {"trailing garbage", LINE, bytes(ort.toString() + "\n]]}garbage")},
        {"an object without traceEvents", LINE, bytes("{\"events\": " + ort + "}")},
        {"one model_run only", FILE, edit(ort, r -> {
          for (int i = r.size() - 1; i >= 0; i--) {
            if (r.get(i).path("name").asText().equals("model_run") && i != run) {
              ((ArrayNode) r).remove(i);
            }
          }
        })},
        {"no kernel events", FILE, edit(ort, r -> {
          for (int i = r.size() - 1; i >= 0; i--) {
            if (r.get(i).path("cat").asText().equals("Node")) {
              ((ArrayNode) r).remove(i);
            }
          }
        })},
        {"kernel dur negative", PATH, edit(ort, r -> ((ObjectNode) r.get(kernel)).put("dur", -484))},
        {"kernel dur a string", PATH, edit(ort, r -> ((ObjectNode) r.get(kernel)).put("dur", "484us"))},
        {"kernel dur missing", PATH, edit(ort, r -> ((ObjectNode) r.get(kernel)).remove("dur"))},
        {"kernel ts missing", PATH, edit(ort, r -> ((ObjectNode) r.get(kernel)).remove("ts"))},
        {"kernel longer than any run", PATH, edit(ort, r -> ((ObjectNode) r.get(kernel)).put("dur", 1e12))},
        {"model_run dur negative", PATH, edit(ort, r -> ((ObjectNode) r.get(run2)).put("dur", -7436))},
        {"model_run dur missing", PATH, edit(ort, r -> ((ObjectNode) r.get(run)).remove("dur"))},
        {"kernel without op_name", PATH, edit(ort, r -> ((ObjectNode) r.get(kernel).get("args")).remove("op_name"))},
        {"shape dim not a number", PATH, edit(ort, r -> ((ArrayNode) r.get(kernel).get("args")
            .get("input_type_shape").get(0).elements().next()).set(1, JSON.getNodeFactory().textNode("x")))},
        {"shape dim negative", PATH, edit(ort, r -> ((ArrayNode) r.get(kernel).get("args")
            .get("input_type_shape").get(0).elements().next()).set(1, JSON.getNodeFactory().numberNode(-3)))}};
    for (Object[] b : bad) {
      Path d = folder(src, List.of("profiles"), "profiles", name, (byte[]) b[2]).resolve("profiles");
      h.error((String) b[0], d.resolve(name), (Hostile.Expect) b[1], args(cal, d));
    }
    Path d = folder(src, List.of("profiles"), "profiles", name, edit(ort, r -> ((ObjectNode) r.get(kernel))
        .put("dur", -484))).resolve("profiles");
    h.error("crossval: kernel dur negative", d.resolve(name), PATH, "crossval", "--traces", d.toString());
    h.same("compact JSON", args(cal, folder(src, List.of("profiles"), "profiles", name, bytes(ort.toString()))
        .resolve("profiles")));
    h.check(15);
  }

  private static int index(JsonNode arr, java.util.function.Predicate<JsonNode> p) {
    for (int i = 0; i < arr.size(); i++) {
      if (p.test(arr.get(i))) {
        return i;
      }
    }
    throw new AssertionError("no such event");
  }

  private static String[] args(String[] a, Path last) {
    String[] out = java.util.Arrays.copyOf(a, a.length + 1);
    out[a.length] = last.toString();
    return out;
  }

  @Test
  void h100Stages() throws Exception {
    h100("stages", "resnet50.stages.json", s -> new Object[][] {
        {"stage cpu_t4 median negative", PATH, edit(s, r -> ((ObjectNode) r.get(3).get("cpu_t4")).put("median_ms",
            -0.5))},
        {"stage gpu median a string", PATH, edit(s, r -> ((ObjectNode) r.get(3).get("gpu")).put("median_ms", "x"))},
        {"stage h2d missing", PATH, edit(s, r -> ((ObjectNode) r.get(3)).remove("h2d"))},
        {"stage index out of order", PATH, edit(s, r -> ((ObjectNode) r.get(4)).put("index", 9))},
        {"stages of two models", PATH, edit(s, r -> ((ObjectNode) r.get(2)).put("model", "resnet18"))},
        {"in_bytes not the shape's", PATH, edit(s, r -> ((ObjectNode) r.get(2)).put("in_bytes", 12))},
        {"out_bytes not the next stage's in_bytes", PATH, edit(s, r -> {
          ((ObjectNode) r.get(2)).put("out_bytes", 4);
          ((ObjectNode) r.get(2)).set("out_shape", JSON.getNodeFactory().arrayNode().add(1));
        })},
        {"median above max", PATH, edit(s, r -> ((ObjectNode) r.get(3).get("cpu_t1")).put("median_ms", 99.0))},
        {"gpu min above its median (no max)", PATH, edit(s, r -> {
          ((ObjectNode) r.get(3).get("gpu")).remove("max_ms");
          ((ObjectNode) r.get(3).get("gpu")).put("min_ms", 99.0);
        })},
        {"a stage null", PATH, edit(s, r -> ((ArrayNode) r).set(5, JSON.getNodeFactory().nullNode()))},
        {"median 1e400", PATH, bytes(new String(edit(s, r -> ((ObjectNode) r.get(3).get("gpu")).put("median_ms",
            123456.5)), StandardCharsets.ISO_8859_1).replace("123456.5", "1e400"))}});
  }

  @Test
  void h100Splits() throws Exception {
    h100("splits", "resnet50.splits.json", s -> new Object[][] {
        {"split median negative", PATH, edit(s, r -> ((ObjectNode) r.get(3)).put("median_ms", -40.5))},
        {"split median zero", PATH, edit(s, r -> ((ObjectNode) r.get(3)).put("median_ms", 0))},
        {"split median a string", PATH, edit(s, r -> ((ObjectNode) r.get(3)).put("median_ms", "40 ms"))},
        {"first 'npu'", PATH, edit(s, r -> ((ObjectNode) r.get(3)).put("first", "npu"))},
        {"split after more stages than there are", PATH, edit(s, r -> ((ObjectNode) r.get(3))
            .put("split_after_stages", 40))},
        {"n_stages not the model's", PATH, edit(s, r -> ((ObjectNode) r.get(3)).put("n_stages", 7)
            .put("split_after_stages", 2))},
        {"threads not measured", PATH, edit(s, r -> ((ObjectNode) r.get(3)).put("threads", 3))},
        {"median above max", PATH, edit(s, r -> ((ObjectNode) r.get(3)).put("median_ms", 99.0))},
        {"model missing", PATH, edit(s, r -> ((ObjectNode) r.get(3)).remove("model"))},
        {"a split null", PATH, edit(s, r -> ((ArrayNode) r).set(5, JSON.getNodeFactory().nullNode()))}});
  }

  private void h100(String sub, String name, java.util.function.Function<JsonNode, Object[][]> specific)
      throws Exception {
    SharedGate.need("../shared not found: hostile h100-server JSON cases skipped");
    Path src = SharedData.root().get().resolve("traces/h100-server");
    byte[] raw = Files.readAllBytes(src.resolve(sub).resolve(name));
    JsonNode s = JSON.readTree(raw);
    Hostile h = new Hostile("h100 " + sub);
    List<String> subs = List.of("stages", "splits");
    Object[][] generic = {
        {"empty", FILE, bytes("")},
        {"truncated", LINE, java.util.Arrays.copyOf(raw, raw.length / 2)},
        {"binary", LINE, bytes(Hostile.BINARY)},
        {"trailing garbage", LINE, bytes(new String(raw, StandardCharsets.ISO_8859_1) + "\n]garbage")},
        {"an object, not an array", LINE, bytes("{\"stages\": " + s + "}")}};
    for (Object[][] group : new Object[][][] {generic, specific.apply(s)}) {
      for (Object[] b : group) {
        Path d = folder(src, subs, sub, name, (byte[]) b[2]);
        h.error((String) b[0], d.resolve(sub).resolve(name), (Hostile.Expect) b[1], "validate", "--measured",
            d.toString(), "--kind", "split");
      }
    }
    h.check(15);
  }
}
