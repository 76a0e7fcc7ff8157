package org.socsim.cli;

import static org.socsim.cli.Hostile.Expect.FILE;
import static org.socsim.cli.Hostile.Expect.LINE;
import static org.socsim.cli.Hostile.replaceLine;
import static org.socsim.cli.Hostile.sub;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Hostile HOPE/MNN files: layerwise tables, serial timelines and data-trans tables (through {@code calibrate} on a
 * one-model tree made of links to the shared files, the corrupted one a copy), device maps and timelines given to
 * {@code run --strategy replay --plan}.
 */
class HostileHopeTest {
  @TempDir
  Path tmp;

  static final String LAYERWISE = "redmi-inception-v3-layerwise-latency.csv";
  static final String SERIAL = "redmi-inception-v3-cpu-big-1.csv";
  static final String TRANS = "inception-v3-redmi-data-trans.csv";
  static final String MAP = "mDeviceMap-inception-v3-cpu-2.txt.op";
  static final String PARALLEL = "inception-v3-redmi-cpu-2-parallel.csv";

  private Path redmi() {
    return SharedData.root().get().resolve("traces/hope-mnn/models/inception-v3/redmi");
  }

  private int trees;

  /** A HOPE tree of inception-v3 on redmi: links to the shared files, {@code name} replaced by {@code text}. */
  private Path tree(String name, String text) throws Exception {
    Path root = tmp.resolve("t" + trees++);
    Path model = root.resolve("models/inception-v3");
    Path dev = Files.createDirectories(model.resolve("redmi"));
    Files.createSymbolicLink(model.resolve("inception-v3.dot"), redmi().resolveSibling("inception-v3.dot"));
    try (var s = Files.list(redmi())) {
      for (Path p : s.toList()) {
        if (!p.getFileName().toString().equals(name)) {
          Files.createSymbolicLink(dev.resolve(p.getFileName()), p);
        }
      }
    }
    Hostile.write(dev, name, text);
    return root;
  }

  private String[] calibrate(Path root) {
    return new String[] {"calibrate", "--traces", root.toString(), "--device", "redmi", "--out",
        tmp.resolve("out/redmi.json").toString()};
  }

  private Hostile calibrating(String reader) throws Exception {
    Hostile h = new Hostile(reader).outputs(tmp.resolve("out"));
    h.baseline(o -> {
      try {
        return Files.readString(tmp.resolve("out/redmi.json"));
      } catch (java.io.IOException e) {
        return "no profile written: " + e;
      }
    }, calibrate(tree("none", "")));
    return h;
  }

  private void cases(Hostile h, String file, String[][] bad, Hostile.Expect e) throws Exception {
    for (String[] c : bad) {
      Path root = tree(file, c[1]);
      h.error(c[0], root.resolve("models/inception-v3/redmi").resolve(file), e, calibrate(root));
    }
  }

  @Test
  void layerwise() throws Exception {
    SharedGate.need("../shared not found: hostile HOPE layerwise cases skipped");
    String t = Hostile.read(redmi().resolve(LAYERWISE));
    String[] l = t.split("\n");
    Hostile h = calibrating("hope layerwise");
    StringBuilder ms = new StringBuilder();
    StringBuilder ns = new StringBuilder();
    StringBuilder zeros = new StringBuilder();
    for (String x : l) {
      String[] f = x.split(" ");
      StringBuilder a = new StringBuilder(f[0]);
      StringBuilder b = new StringBuilder(f[0]);
      StringBuilder z = new StringBuilder(f[0]);
      for (int i = 1; i < f.length; i++) {
        a.append(' ').append(Double.parseDouble(f[i]) / 1000);
        b.append(' ').append(Double.parseDouble(f[i]) * 1000);
        z.append(" 0");
      }
      ms.append(a).append('\n');
      ns.append(b).append('\n');
      zeros.append(z).append('\n');
    }
    String cut = l[64].substring(0, l[64].indexOf(' ', l[64].indexOf(' ') + 1) + 3);
    cases(h, LAYERWISE, new String[][] {
        {"binary", Hostile.BINARY},
        {"value not a number", replaceLine(t, 5, sub(l[5], " [0-9.]+ ", " abc "))},
        {"negative", replaceLine(t, 5, sub(l[5], " ([0-9.]+) ", " -$1 "))},
        {"NaN", replaceLine(t, 5, sub(l[5], " [0-9.]+ ", " NaN "))},
        {"Infinity", replaceLine(t, 5, sub(l[5], " [0-9.]+ ", " Infinity "))},
        {"1e308", replaceLine(t, 7, sub(l[7], " [0-9.]+ ", " 1e308 "))},
        {"one op of 20 s", replaceLine(t, 7, sub(l[7], " [0-9.]+ ", " 20000000 "))},
        {"in nanoseconds (x1000)", ns.toString()},
        {"3 fields", replaceLine(t, 9, l[9].replaceFirst(" [0-9.]+ [0-9.]+$", ""))},
        {"6 fields", replaceLine(t, 9, l[9] + " 12.5")},
        {"8 fields after 5", replaceLine(t, 9, l[9] + " 1 2 3")},
        {"cut in the middle of a line", String.join("\n", Arrays.copyOfRange(l, 0, 64)) + "\n" + cut},
        {"comma decimals", replaceLine(t, 5, sub(l[5], " ([0-9]+)\\.([0-9]+) ", " $1,$2 "))},
        {"a unit suffix", replaceLine(t, 5, sub(l[5], " ([0-9.]+) ", " $1us "))}}, LINE);
    cases(h, LAYERWISE, new String[][] {
        {"in milliseconds", ms.toString()},
        {"all zero", zeros.toString()}}, FILE);
    h.warn("an op listed twice", "repeated op names", calibrate(tree(LAYERWISE, t + l[3].replaceAll(" [0-9.]+",
        " 1.5") + "\n")));
    h.same("CRLF line ends", calibrate(tree(LAYERWISE, t.replace("\n", "\r\n"))));
    h.same("blank lines and extra spaces", calibrate(tree(LAYERWISE, t.replace("\n", "\n\n").replace(" ", "   "))));
    h.check(15);
  }

  @Test
  void serialTimeline() throws Exception {
    SharedGate.need("../shared not found: hostile HOPE timeline cases skipped");
    String t = Hostile.read(redmi().resolve(SERIAL));
    String[] l = t.split("\n");
    Hostile h = calibrating("hope measured timeline");
    StringBuilder ms = new StringBuilder();
    for (String x : l) {
      String[] f = x.split(" ");
      ms.append(f[0]).append(' ').append(f[1]);
      for (int i = 2; i < 5; i++) {
        ms.append(' ').append(Long.parseLong(f[i]) / 1000.0);
      }
      ms.append('\n');
    }
    String[] f9 = l[9].split(" ");
    cases(h, SERIAL, new String[][] {
        {"binary", Hostile.BINARY},
        {"duration not a number", replaceLine(t, 9, f9[0] + " CPU abc " + f9[3] + " " + f9[4])},
        {"end before start", replaceLine(t, 9, f9[0] + " CPU " + f9[2] + " " + f9[4] + " " + f9[3])},
        {"negative duration", replaceLine(t, 9, f9[0] + " CPU -" + f9[2] + " " + f9[3] + " " + f9[4])},
        {"duration contradicts start/end", replaceLine(t, 9, f9[0] + " CPU 999999 " + f9[3] + " " + f9[4])},
        {"duration 1e308", replaceLine(t, 9, f9[0] + " CPU 1e308 " + f9[3] + " " + f9[4])},
        {"NaN start", replaceLine(t, 9, f9[0] + " CPU " + f9[2] + " NaN " + f9[4])},
        {"unknown processor", replaceLine(t, 9, f9[0] + " NPU " + f9[2] + " " + f9[3] + " " + f9[4])},
        {"4 fields", replaceLine(t, 9, f9[0] + " CPU " + f9[2] + " " + f9[3])},
        {"6 fields", replaceLine(t, 9, l[9] + " 7")},
        {"cut in the middle of a line", String.join("\n", Arrays.copyOfRange(l, 0, 600)) + "\n" + f9[0] + " CPU 12"},
        {"html instead of a timeline", "<html><body>404 Not Found</body></html>\n"}}, LINE);
    cases(h, SERIAL, new String[][] {
        {"empty", ""},
        {"in milliseconds", ms.toString()}}, FILE);
    h.same("CRLF line ends", calibrate(tree(SERIAL, t.replace("\n", "\r\n"))));
    h.check(15);
  }

  @Test
  void transferTable() throws Exception {
    SharedGate.need("../shared not found: hostile HOPE data-trans cases skipped");
    String t = Hostile.read(redmi().resolve(TRANS));
    String[] l = t.split("\n");
    Hostile h = calibrating("hope transfer table");
    StringBuilder ns = new StringBuilder();
    for (String x : l) {
      String[] f = x.split(" ");
      ns.append(f[0]).append(' ').append(Double.parseDouble(f[1]) * 1000).append(' ')
          .append(Double.parseDouble(f[2]) * 1000).append('\n');
    }
    String[] f3 = l[3].split(" ");
    cases(h, TRANS, new String[][] {
        {"binary", Hostile.BINARY},
        {"cost not a number", replaceLine(t, 3, f3[0] + " abc " + f3[2])},
        {"negative cost", replaceLine(t, 3, f3[0] + " -" + f3[1] + " " + f3[2])},
        {"NaN cost", replaceLine(t, 3, f3[0] + " NaN " + f3[2])},
        {"1e300 cost", replaceLine(t, 3, f3[0] + " 1e300 " + f3[2])},
        {"in nanoseconds (x1000)", ns.toString()},
        {"2 fields", replaceLine(t, 3, f3[0] + " " + f3[1])},
        {"4 fields", replaceLine(t, 3, l[3] + " 5.0")},
        {"shape with a zero dim", replaceLine(t, 3, "1,0,35,35 " + f3[1] + " " + f3[2])},
        {"shape with a negative dim", replaceLine(t, 3, "1,-192,35,35 " + f3[1] + " " + f3[2])},
        {"cut in the middle of a line", String.join("\n", Arrays.copyOfRange(l, 0, 10)) + "\n" + f3[0] + " 12"},
        {"comma decimals", replaceLine(t, 3, f3[0] + " " + f3[1].replace('.', ',') + " " + f3[2])},
        {"html instead of a table", "<html><body>404 Not Found</body></html>\n"}}, LINE);
    h.warn("empty (no copy measurements)", "copies cost 0", calibrate(tree(TRANS, "")));
    h.same("CRLF line ends", calibrate(tree(TRANS, t.replace("\n", "\r\n"))));
    h.same("tabs between fields", calibrate(tree(TRANS, t.replace(" ", "\t"))));
    h.check(15);
  }

  private String[] replay(Path plan, String... more) {
    List<String> a = new ArrayList<>(List.of("run", "--soc", "redmi", "--model", "inception-v3", "--strategy",
        "replay", "--threads", "2", "--json", "--trace", tmp.resolve("out/t.json").toString(), "--plan",
        plan.toString()));
    a.addAll(Arrays.asList(more));
    return a.toArray(String[]::new);
  }

  @Test
  void deviceMap() throws Exception {
    SharedGate.need("../shared not found: hostile device map cases skipped");
    String t = Hostile.read(redmi().resolve(MAP));
    String[] l = t.split("\n");
    Hostile h = new Hostile("hope device map (--plan)").outputs(tmp.resolve("out"));
    h.baseline(Hostile::latency, replay(redmi().resolve(MAP)));
    String[][] bad = {
        {"binary", Hostile.BINARY},
        {"code 9", replaceLine(t, 4, l[4].replaceFirst(" \\d$", " 9"))},
        {"code -1", replaceLine(t, 4, l[4].replaceFirst(" \\d$", " -1"))},
        {"code not a number", replaceLine(t, 4, l[4].replaceFirst(" \\d$", " gpu"))},
        {"code with garbage", replaceLine(t, 4, l[4].replaceFirst(" \\d$", " 0x"))},
        {"3 fields", replaceLine(t, 4, l[4] + " 3")},
        {"1 field", replaceLine(t, 4, l[4].replaceFirst(" \\d$", ""))},
        {"op not in the model", replaceLine(t, 4, l[4].replace("InceptionV3/", "InceptionV4/"))},
        {"an op listed twice", replaceLine(t, 6, l[6] + "\n" + l[6].replaceFirst(" \\d$", " 3"))},
        {"map of another model", Hostile.read(SharedData.root().get().resolve(
            "traces/hope-mnn/models/inception-v4/oneplus5t/mDeviceMap-inception-v4-cpu-2.txt.op"))},
        {"html instead of a map", "<html><body>404 Not Found</body></html>\n"}};
    int k = 0;
    Path empty = Hostile.write(tmp.resolve("m" + k++), MAP, "");
    h.error("empty", empty, FILE, replay(empty));
    for (String[] c : bad) {
      Path p = Hostile.write(tmp.resolve("m" + k++), MAP, c[1]);
      h.error(c[0], p, LINE, replay(p));
    }
    Path missing = tmp.resolve("nosuch").resolve(MAP);
    h.error("missing file", missing, FILE, replay(missing));
    Path dir = Files.createDirectories(tmp.resolve("m" + k++).resolve(MAP));
    h.error("a folder", dir, FILE, replay(dir));
    Path half = Hostile.write(tmp.resolve("m" + k++), MAP, String.join("\n", Arrays.copyOfRange(l, 0, 65)) + "\n");
    h.warn("second half of the ops missing", "absent from the plan", replay(half));
    h.same("CRLF line ends", replay(Hostile.write(tmp.resolve("m" + k++), MAP, t.replace("\n", "\r\n"))));
    h.same("tabs", replay(Hostile.write(tmp.resolve("m" + k++), MAP, t.replace(" ", "\t"))));
    h.check(15);
  }

  @Test
  void timelineAsPlan() throws Exception {
    SharedGate.need("../shared not found: hostile --plan timeline cases skipped");
    String t = Hostile.read(redmi().resolve(PARALLEL));
    String[] l = t.split("\n");
    Hostile h = new Hostile("plan (--plan timeline)").outputs(tmp.resolve("out"));
    h.baseline(Hostile::latency, replay(redmi().resolve(PARALLEL)));
    String[] f5 = l[5].split(" ");
    StringBuilder renamed = new StringBuilder();
    for (String x : l) {
      renamed.append(x.replace("InceptionV3/InceptionV3/Mixed_5b/", "InceptionV3/InceptionV3/Mixed_5z/")).append('\n');
    }
    String[][] bad = {
        {"binary", Hostile.BINARY},
        {"unknown processor", replaceLine(t, 5, f5[0] + " DSP " + f5[2] + " " + f5[3] + " " + f5[4])},
        {"end before start", replaceLine(t, 5, f5[0] + " " + f5[1] + " " + f5[2] + " " + f5[4] + " " + f5[3])},
        {"NaN duration", replaceLine(t, 5, f5[0] + " " + f5[1] + " NaN " + f5[3] + " " + f5[4])},
        {"3 fields", replaceLine(t, 5, f5[0] + " " + f5[1] + " " + f5[2])},
        {"ops renamed (not in the model)", renamed.toString()},
        {"timeline of another model", Hostile.read(SharedData.root().get().resolve(
            "traces/hope-mnn/models/inception-v4/redmi/inception-v4-redmi-cpu-2-parallel.csv"))},
        {"html instead of a timeline", "<html><body>404 Not Found</body></html>\n"}};
    int k = 0;
    Path empty = Hostile.write(tmp.resolve("p" + k++), PARALLEL, "");
    h.error("empty", empty, FILE, replay(empty));
    for (String[] c : bad) {
      Path p = Hostile.write(tmp.resolve("p" + k++), PARALLEL, c[1]);
      h.error(c[0], p, LINE, replay(p));
    }
    Path json = Hostile.write(tmp.resolve("p" + k++), "plan.json", "{\"placement\": {}}\n");
    h.error("a JSON file", json, LINE, replay(json));
    Path missing = tmp.resolve("nosuch").resolve(PARALLEL);
    h.error("missing file", missing, FILE, replay(missing));
    Path dir = Files.createDirectories(tmp.resolve("p" + k++).resolve(PARALLEL));
    h.error("a folder", dir, FILE, replay(dir));
    h.warn("first run cut to its first half", "absent from the plan", replay(Hostile.write(tmp.resolve("p" + k++),
        PARALLEL, String.join("\n", Arrays.copyOfRange(l, 0, l.length / 10)) + "\n")));
    h.named("--plan with a strategy other than replay", "--plan", "run", "--soc", "redmi", "--model", "inception-v3",
        "--strategy", "heft", "--plan", redmi().resolve(PARALLEL).toString(), "--trace",
        tmp.resolve("out/t.json").toString());
    h.same("CRLF line ends", replay(Hostile.write(tmp.resolve("p" + k++), PARALLEL, t.replace("\n", "\r\n"))));
    h.same("first run only", replay(Hostile.write(tmp.resolve("p" + k++), PARALLEL,
        String.join("\n", Arrays.copyOfRange(l, 0, l.length / 5)) + "\n")));
    h.check(15);
  }
}
