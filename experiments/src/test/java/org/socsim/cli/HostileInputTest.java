package org.socsim.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Corrupted copies of the real shared files (made at test time, never committed): every one must give one line
 * naming the file, exit 2, and no output file. Prints a count per reader.
 */
class HostileInputTest {
  @TempDir
  Path tmp;

  record Case(String reader, String name, Path file, String[] args) {
  }

  static final List<String> REPORT = new ArrayList<>();

  static byte[] text(Path p) throws Exception {
    return Files.readAllBytes(p);
  }

  /** Text corruptions: each must make the file invalid for its reader. */
  static List<Object[]> textCorruptions() {
    List<Object[]> out = new ArrayList<>();
    out.add(new Object[] {"empty", (UnaryOperator<String>) s -> ""});
    out.add(new Object[] {"truncated", (UnaryOperator<String>) s -> s.substring(0, s.length() / 2)});
    out.add(new Object[] {"binary", (UnaryOperator<String>) s -> "\u0000\u0001garbage\u0002".repeat(20)});
    return out;
  }

  void check(List<Case> cases) {
    String reader = cases.get(0).reader();
    int clean = 0;
    for (Case c : cases) {
      CliTest.Out o = CliTest.cli(c.args());
      String err = o.err().strip();
      assertEquals(2, o.code(), reader + " " + c.name() + ": " + o.out() + err);
      assertEquals(1, err.split("\n").length, reader + " " + c.name() + ": " + err);
      assertTrue(err.contains(c.file().getFileName().toString()), reader + " " + c.name() + ": " + err);
      clean++;
    }
    REPORT.add(reader + ": " + cases.size() + " tried, " + clean + " clean exit 2 naming the file");
    System.out.println("hostile input " + REPORT.get(REPORT.size() - 1));
  }

  Path write(String name, String content) throws Exception {
    Path p = tmp.resolve(name);
    Files.createDirectories(p.getParent());
    Files.writeString(p, content, StandardCharsets.ISO_8859_1);
    return p;
  }

  @Test
  void profileJson() throws Exception {
    SharedGate.need("../shared not found: hostile-input test skipped");
    String src = new String(getClass().getResourceAsStream("/org/socsim/profiles/redmi.json").readAllBytes(),
        StandardCharsets.ISO_8859_1);
    List<Case> cases = new ArrayList<>();
    int k = 0;
    for (Object[] c : textCorruptions()) {
      @SuppressWarnings("unchecked") UnaryOperator<String> f = (UnaryOperator<String>) c[1];
      Path p = write("p" + k++ + ".json", f.apply(src));
      cases.add(new Case("profile", (String) c[0], p, new String[] {"run", "--soc", p.toString(), "--model",
          "inception-v3", "--strategy", "heft"}));
    }
    String[][] edits = {{"\"dispatch_us\" : ", "\"dispatch_us\" : -"}, {"\"fixed_us\" : ", "\"fixed_us\" : 1e308 + "},
        {"\"cores\" : 4", "\"cores\" : 0"}, {"\"id\" : \"cpu-little\"", "\"id\" : \"cpu-big\""},
        {"\"dispatch_us\" : ", "\"dispatch_us\" : NaN + "}, {"\"schema\" : \"socsim-profile/1\"",
            "\"schema\" : \"socsim-profile/0\""}};
    for (String[] e : edits) {
      String bad = src.replaceFirst(java.util.regex.Pattern.quote(e[0]), java.util.regex.Matcher.quoteReplacement(
          e[1]));
      bad = bad.replaceFirst("1e308 \\+ [0-9.]+", "1e308").replaceFirst("NaN \\+ [0-9.]+", "NaN");
      Path p = write("p" + k++ + ".json", bad);
      cases.add(new Case("profile", e[1], p, new String[] {"run", "--soc", p.toString(), "--model", "inception-v3",
          "--strategy", "heft"}));
    }
    check(cases);
  }

  @Test
  void onnxModels() throws Exception {
    SharedGate.need("../shared not found: hostile-input test skipped");
    byte[] b = Files.readAllBytes(SharedData.root().get().resolve("models/squeezenet1_1.onnx"));
    List<byte[]> bad = new ArrayList<>();
    bad.add(new byte[0]);
    bad.add(java.util.Arrays.copyOf(b, b.length / 2));
    bad.add("garbage, not protobuf".repeat(20).getBytes(StandardCharsets.UTF_8));
    byte[] flip = b.clone();
    for (int i = 0; i < flip.length; i += 97) {
      flip[i] ^= (byte) 0xff;
    }
    bad.add(flip);
    List<Case> cases = new ArrayList<>();
    for (int i = 0; i < bad.size(); i++) {
      Path p = tmp.resolve("o" + i + ".onnx");
      Files.write(p, bad.get(i));
      cases.add(new Case("onnx", "corruption " + i, p, new String[] {"run", "--soc", "host", "--model", p.toString(),
          "--strategy", "solo-cpu", "--threads", "1"}));
    }
    check(cases);
  }

  @Test
  void ncnnBenchTable() throws Exception {
    SharedGate.need("../shared not found: hostile-input test skipped");
    Path bench = SharedData.root().get().resolve("traces/ncnn-bench");
    List<String> lines = Files.readAllLines(bench.resolve("results.csv"), StandardCharsets.UTF_8);
    String head = lines.get(0);
    String row = lines.get(1);
    String[][] rows = {{"avg", row.replaceFirst(",11\\.74,", ",abc,")}, {"negative", row.replaceFirst(",11\\.74,",
        ",-11.74,")}, {"min>avg", row.replaceFirst(",11\\.66,11\\.80,11\\.74,", ",50.0,60.0,11.74,")},
        {"threads", row.replaceFirst(",64,1,0,-1,", ",64,x,0,-1,")}, {"powersave", row.replaceFirst(",64,1,0,-1,",
        ",64,1,7,-1,")}, {"fields", row + ",extra"}};
    List<Case> cases = new ArrayList<>();
    for (String[] r : rows) {
      Path dir = tmp.resolve("nb-" + r[0].replace('>', '_'));
      Files.createDirectories(dir);
      Files.createSymbolicLink(dir.resolve("models"), bench.resolve("models"));
      assertTrue(!r[1].equals(row), r[0]);
      Path csv = dir.resolve("results.csv");
      Files.writeString(csv, head + "\n" + r[1] + "\n" + String.join("\n", lines.subList(2, 40)) + "\n");
      cases.add(new Case("ncnn results.csv", r[0], csv, new String[] {"validate", "--measured", dir.toString(),
          "--holdout", "model"}));
    }
    Path dir = tmp.resolve("nb-header");
    Files.createDirectories(dir);
    Files.createSymbolicLink(dir.resolve("models"), bench.resolve("models"));
    Files.writeString(dir.resolve("results.csv"), head.replace("avg_ms", "mean") + "\n" + row + "\n");
    cases.add(new Case("ncnn results.csv", "header", dir.resolve("results.csv"), new String[] {"validate",
        "--measured", dir.toString(), "--holdout", "model"}));
    check(cases);
  }

  @Test
  void dotGraphsAndDeviceMaps() throws Exception {
    SharedGate.need("../shared not found: hostile-input test skipped");
    Path hope = SharedData.root().get().resolve("traces/hope-mnn/models/inception-v3");
    String dot = Files.readString(hope.resolve("inception-v3.dot"), StandardCharsets.ISO_8859_1);
    List<Case> cases = new ArrayList<>();
    int k = 0;
    for (Object[] c : textCorruptions()) {
      @SuppressWarnings("unchecked") UnaryOperator<String> f = (UnaryOperator<String>) c[1];
      Path p = write("d" + k++ + "/inception-v3.dot", f.apply(dot));
      cases.add(new Case("dot", (String) c[0], p, new String[] {"run", "--soc", "redmi", "--model", p.toString(),
          "--strategy", "heft"}));
    }
    String[] first = dot.split("\n");
    Path cyc = write("d" + k++ + "/inception-v3.dot", dot.replaceFirst("\\}\\s*$", "") + "\n" + "\""
        + first[1].replaceAll("^\"([^\"]+)\"->\"([^\"]+)\";.*$", "$2\"->\"$1") + "\";\n}\n");
    cases.add(new Case("dot", "cycle", cyc, new String[] {"run", "--soc", "redmi", "--model", cyc.toString(),
        "--strategy", "heft"}));
    check(cases);
    String map = Files.readString(hope.resolve("redmi/mDeviceMap-inception-v3-cpu-2.txt.op"),
        StandardCharsets.ISO_8859_1);
    List<Case> maps = new ArrayList<>();
    k = 0;
    for (Object[] c : textCorruptions()) {
      @SuppressWarnings("unchecked") UnaryOperator<String> f = (UnaryOperator<String>) c[1];
      Path p = write("m" + k++ + ".txt.op", f.apply(map));
      maps.add(new Case("device map", (String) c[0], p, new String[] {"run", "--soc", "redmi", "--model",
          "inception-v3", "--strategy", "replay", "--threads", "2", "--plan", p.toString()}));
    }
    Path code = write("m" + k++ + ".txt.op", map.replaceFirst(" 0\n", " 9\n"));
    maps.add(new Case("device map", "code 9", code, new String[] {"run", "--soc", "redmi", "--model",
        "inception-v3", "--strategy", "replay", "--threads", "2", "--plan", code.toString()}));
    check(maps);
  }

  @Test
  void regressResults() throws Exception {
    SharedGate.need("../shared not found: hostile-input test skipped");
    Path spec = write("s.yaml", "soc: [redmi]\nmodel: [inception-v3]\nstrategy: [heft]\nthreads: [2]\n");
    Path base = tmp.resolve("base");
    assertEquals(0, CliTest.cli("sweep", spec.toString(), "--out", base.toString()).code());
    String csv = Files.readString(base.resolve("results.csv"));
    String[] lines = csv.split("\n");
    String[] cols = lines[1].split(",", -1);
    int lat = java.util.Arrays.asList(lines[0].split(",")).indexOf("latency_ms");
    List<Case> cases = new ArrayList<>();
    String[][] variants = {{"abc", "abc"}, {"negative", "-5"}, {"huge", "1e300"}, {"zero", "0"}};
    for (String[] v : variants) {
      String[] c = cols.clone();
      c[lat] = v[1];
      Path dir = tmp.resolve("r-" + v[0]);
      Files.createDirectories(dir);
      Files.writeString(dir.resolve("results.csv"), lines[0] + "\n" + String.join(",", c) + "\n");
      cases.add(new Case("regress csv", v[0], dir.resolve("results.csv"), new String[] {"regress", "--baseline",
          dir.toString(), "--results", base.toString()}));
    }
    Path bin = tmp.resolve("r-binary");
    Files.createDirectories(bin);
    Files.write(bin.resolve("results.csv"), new byte[] {(byte) 0xff, (byte) 0xfe, 0, 1, 2, (byte) 0xc3, 0x28});
    cases.add(new Case("regress csv", "binary", bin.resolve("results.csv"), new String[] {"regress", "--baseline",
        bin.toString(), "--results", base.toString()}));
    Path fewer = tmp.resolve("r-fields");
    Files.createDirectories(fewer);
    Files.writeString(fewer.resolve("results.csv"), lines[0] + "\n" + lines[1].substring(0, lines[1].lastIndexOf(','))
        + "\n");
    cases.add(new Case("regress csv", "fields", fewer.resolve("results.csv"), new String[] {"regress", "--baseline",
        fewer.toString(), "--results", base.toString()}));
    check(cases);
  }

  @Test
  void h100StagesAndSplits() throws Exception {
    SharedGate.need("../shared not found: hostile-input test skipped");
    Path h100 = SharedData.root().get().resolve("traces/h100-server");
    List<Case> cases = new ArrayList<>();
    String[][] files = {{"stages", "resnet50.stages.json"}, {"splits", "resnet50.splits.json"}};
    int k = 0;
    for (String[] f : files) {
      String src = Files.readString(h100.resolve(f[0]).resolve(f[1]));
      String[][] bad = {{"empty", ""}, {"truncated", src.substring(0, src.length() / 2)},
          {"negative", src.replaceFirst("\"median_ms\"\\s*:\\s*", "\"median_ms\": -")},
          {"text", src.replaceFirst("\"median_ms\"\\s*:\\s*", "\"median_ms\": \"x\", \"y\": ")}};
      for (String[] b : bad) {
        Path dir = tmp.resolve("h" + k++);
        for (String sub : new String[] {"stages", "splits"}) {
          Files.createDirectories(dir.resolve(sub));
          try (var list = Files.list(h100.resolve(sub))) {
            for (Path p : list.toList()) {
              Files.copy(p, dir.resolve(sub).resolve(p.getFileName()));
            }
          }
        }
        Path target = dir.resolve(f[0]).resolve(f[1]);
        Files.writeString(target, b[1]);
        cases.add(new Case("h100 " + f[0], b[0], target, new String[] {"validate", "--measured", dir.toString(),
            "--kind", "split"}));
      }
    }
    check(cases);
  }
}
