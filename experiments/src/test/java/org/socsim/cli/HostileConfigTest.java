package org.socsim.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.socsim.cli.Hostile.Expect.FILE;
import static org.socsim.cli.Hostile.Expect.LINE;
import static org.socsim.cli.Hostile.Expect.PATH;
import static org.socsim.cli.Hostile.sub;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Hostile configuration: profile JSON (--soc FILE), sweep specs (YAML) and regress baselines (CSV). */
class HostileConfigTest {
  @TempDir
  Path tmp;

  private int k;

  private String[] run(Path profile) {
    return new String[] {"run", "--soc", profile.toString(), "--model", "inception-v3", "--strategy", "heft", "--json",
        "--trace", tmp.resolve("out/t.json").toString()};
  }

  @Test
  void profileJson() throws Exception {
    SharedGate.need("../shared not found: hostile profile cases skipped");
    String p = new String(getClass().getResourceAsStream("/org/socsim/profiles/redmi.json").readAllBytes(),
        StandardCharsets.ISO_8859_1);
    Hostile h = new Hostile("profile json").outputs(tmp.resolve("out"));
    h.baseline(Hostile::latency, run(Hostile.write(tmp.resolve("p" + k++), "redmi.json", p)));
    Object[][] bad = {
        {"truncated", LINE, p.substring(0, p.length() / 2)},
        {"binary", LINE, Hostile.BINARY},
        {"trailing garbage", LINE, p + "\n}garbage\n"},
        {"schema socsim-profile/0", LINE, sub(p, "socsim-profile/1", "socsim-profile/0")},
        {"dispatch negative", PATH, sub(p, "\"dispatch_us\" : 8.0", "\"dispatch_us\" : -8.0")},
        {"dispatch NaN (not JSON)", LINE, sub(p, "\"dispatch_us\" : 8.0", "\"dispatch_us\" : NaN")},
        {"link fixed_us 1e308", PATH, sub(p, "\"fixed_us\" : 1076.917", "\"fixed_us\" : 1e308")},
        {"cores 0", PATH, sub(p, "\"cores\" : 4", "\"cores\" : 0")},
        {"duplicate unit id", PATH, sub(p, "\"id\" : \"cpu-little\"", "\"id\" : \"cpu-big\"")},
        {"unit kind TPU", PATH, sub(p, "\"kind\" : \"GPU\"", "\"kind\" : \"TPU\"")},
        {"threads empty", PATH, sub(p, "\"threads\" : \\[ 1 \\]", "\"threads\" : [ ]")},
        {"an op latency negative", PATH, sub(p, "(\"InceptionV3/InceptionV3/Conv2d_1a_3x3/Conv2D\" : \\{\\s*"
            + "\"cpu-big\" : \\[ )", "$1-")},
        {"a link to a unit the SoC lacks", PATH, sub(p, "\"to\" : \"gpu\"", "\"to\" : \"npu\"")},
        {"thermal trip below ambient", PATH, sub(p, "\"trip_c\" : 45.0", "\"trip_c\" : 15.0")},
        {"dvfs levels descending", PATH, sub(p, "\\[ 0.3, 0.45, 0.6, 0.75, 0.9, 1.0 ]", "[ 1.0, 0.6, 0.3 ]")},
        {"power 1e6 W", PATH, sub(p, "\"dynamic_w\" : 2.0", "\"dynamic_w\" : 1000000.0")},
        {"unknown property", LINE, sub(p, "\"streams\" : 1,", "\"streams\" : 1, \"turbo\" : true,")},
        {"units missing", LINE, sub(p, "\"units\" : \\[", "\"unitz\" : [")}};
    Path empty = Hostile.write(tmp.resolve("p" + k++), "redmi.json", "");
    h.error("empty", empty, FILE, run(empty));
    for (Object[] b : bad) {
      Path f = Hostile.write(tmp.resolve("p" + k++), "redmi.json", (String) b[2]);
      h.error((String) b[0], f, (Hostile.Expect) b[1], run(f));
    }
    h.same("cores as a string", run(Hostile.write(tmp.resolve("p" + k++), "redmi.json", sub(p, "\"cores\" : 4",
        "\"cores\" : \"4\""))));
    h.same("CRLF line ends", run(Hostile.write(tmp.resolve("p" + k++), "redmi.json", p.replace("\n", "\r\n"))));
    h.check(15);
  }

  static final String SPEC = "# a small sweep\nsoc: [redmi]\nmodel: [inception-v3]\nstrategy: [heft, solo-cpu]\n";

  @Test
  void sweepSpec() throws Exception {
    SharedGate.need("../shared not found: hostile sweep spec cases skipped");
    Path out = tmp.resolve("out");
    Hostile h = new Hostile("sweep spec").outputs(out);
    h.baseline(o -> {
      try {
        return Files.readString(out.resolve("results.csv"));
      } catch (java.io.IOException e) {
        return "no results: " + e;
      }
    }, "sweep", Hostile.write(tmp.resolve("s" + k++), "spec.yaml", SPEC).toString(), "--out", out.toString());
    String[][] bad = {
        {"binary", Hostile.BINARY},
        {"a list, not a mapping", "- soc: redmi\n- model: inception-v3\n"},
        {"unknown key", SPEC + "threadz: [4]\n"},
        {"unknown strategy", SPEC.replace("solo-cpu", "solo-cpx")},
        {"unknown soc", SPEC.replace("[redmi]", "[redmi, redmy]")},
        {"unknown model", SPEC.replace("[inception-v3]", "[inception-v3, inception-v9]")},
        {"threads 0", SPEC + "threads: [0]\n"},
        {"threads not a number", SPEC + "threads: [four]\n"},
        {"requests 0", SPEC + "requests: 0\n"},
        {"requests 10^10", SPEC + "requests: 10000000000\n"},
        {"requests 2.5", SPEC + "requests: 2.5\n"},
        {"rate NaN", SPEC + "rate: .nan\n"},
        {"rate negative", SPEC + "rate: -5\n"},
        {"bandwidth negative", SPEC + "bandwidth: [-1]\n"},
        {"bandwidth infinite", SPEC + "bandwidth: [.inf]\n"},
        {"granularity tile:0", SPEC + "granularity: [op, tile:0]\n"},
        {"granularity garbage", SPEC + "granularity: [op, fine]\n"},
        {"background garbage", SPEC + "background: [\"\", \"ui:sixty\"]\n"},
        {"governor garbage", SPEC + "governor: [performance, turbo]\n"},
        {"seed 1.5", SPEC + "seed: [1, 1.5]\n"},
        {"slo_ms not a number", SPEC + "slo_ms: [abc]\n"},
        {"zero_copy maybe", SPEC + "zero_copy: [maybe]\n"},
        {"unterminated list", SPEC.replace("solo-cpu]", "solo-cpu")},
        {"tab indentation", SPEC + "granularity:\n\t- op\n"},
        {"an empty list", SPEC.replace("[heft, solo-cpu]", "[]")},
        {"a key twice", SPEC + "soc: [mi9]\n"},
        {"an option no strategy has", SPEC + "options: [\"gpu-shar=0.3\"]\n"},
        {"an option value that does not parse", SPEC.replace("[heft, solo-cpu]", "[codl, heft]")
            + "options: [\"gpu-share=abc\"]\n"}};
    for (String[] b : bad) {
      Path f = Hostile.write(tmp.resolve("s" + k++), "spec.yaml", b[1]);
      h.error(b[0], f, LINE, "sweep", f.toString(), "--out", out.toString());
    }
    for (String[] b : new String[][] {{"empty", ""}, {"soc missing", SPEC.replace("soc: [redmi]\n", "")}}) {
      Path f = Hostile.write(tmp.resolve("s" + k++), "spec.yaml", b[1]);
      h.error(b[0], f, FILE, "sweep", f.toString(), "--out", out.toString());
    }
    // a graph file every point would fail on is read before the first point: its own file named, exit 2
    Path notOnnx = Hostile.write(tmp.resolve("s" + k++), "m.onnx", "model: [x]\n");
    Path withBadModel = Hostile.write(tmp.resolve("s" + k++), "spec.yaml", SPEC.replace("[inception-v3]",
        "[inception-v3, " + notOnnx + "]"));
    h.error("a model file that is not ONNX", notOnnx, FILE, "sweep", withBadModel.toString(), "--out",
        out.toString());
    Path spec = Hostile.write(tmp.resolve("s" + k++), "spec.yaml", SPEC);
    h.named("an --out that cannot be created", "cannot create", "sweep", spec.toString(), "--out",
        Files.writeString(tmp.resolve("afile"), "x").resolve("sub").toString());
    Path rates = Hostile.write(tmp.resolve("s" + k++), "spec.yaml", SPEC + "rate: [1, 2]\n");
    h.named("rate as a list", rates + ":5: expected one number for 'rate' (it is one value per sweep, not an axis",
        "sweep", rates.toString(), "--out", out.toString());
    h.named("--parallel negative", "--parallel", "sweep", spec.toString(), "--out", out.toString(), "--parallel",
        "-3");
    Path missing = tmp.resolve("nosuch").resolve("spec.yaml");
    h.error("missing file", missing, FILE, "sweep", missing.toString(), "--out", out.toString());
    for (String[] b : new String[][] {{"block lists and comments", "soc:\n  - redmi   # the phone\nmodel:\n  -"
        + " inception-v3\nstrategy:\n  - heft\n  - solo-cpu\n"}, {"CRLF line ends", SPEC.replace("\n", "\r\n")}}) {
      Path f = Hostile.write(tmp.resolve("s" + k++), "spec.yaml", b[1]);
      h.same(b[0], "sweep", f.toString(), "--out", out.toString());
    }
    h.check(15);
  }

  @Test
  void regressBaseline() throws Exception {
    SharedGate.need("../shared not found: hostile regress cases skipped");
    Path spec = Hostile.write(tmp, "s.yaml", SPEC);
    Path base = tmp.resolve("base");
    assertEquals(0, CliTest.cli("sweep", spec.toString(), "--out", base.toString()).code());
    String csv = Files.readString(base.resolve("results.csv"));
    String[] lines = csv.split("\n");
    String head = lines[0];
    String row = lines[1];
    String[] cols = row.split(",", -1);
    int lat = Arrays.asList(head.split(",")).indexOf("latency_ms");
    Hostile h = new Hostile("regress csv");
    class Base {
      String with(int col, String value) {
        String[] c = cols.clone();
        c[col] = value;
        return head + "\n" + String.join(",", c) + "\n" + lines[2] + "\n";
      }
    }
    Base b = new Base();
    int status = Arrays.asList(head.split(",")).indexOf("status");
    String[][] bad = {
        {"latency not a number", b.with(lat, "abc")}, {"latency negative", b.with(lat, "-5")},
        {"latency 1e300", b.with(lat, "1e300")}, {"latency 0", b.with(lat, "0")}, {"latency NaN", b.with(lat, "NaN")},
        {"latency Infinity", b.with(lat, "Infinity")}, {"status garbage", b.with(status, "okay")},
        {"a field too few", head + "\n" + row.substring(0, row.lastIndexOf(',')) + "\n"},
        {"a field too many", head + "\n" + row + ",1\n"},
        {"a point twice", head + "\n" + row + "\n" + lines[2] + "\n" + row.replaceFirst(",ok,[0-9.]+,", ",ok,1.5,")
            + "\n"},
        {"unterminated quote", head + "\n\"" + row + "\n"},
        {"columns of another tool", "name,value\nx,1\n"},
        {"header only", head + "\n"},
        {"binary", "\u00ff\u00fe\u0000\u0001\u0002\u00c3("}};
    for (String[] c : bad) {
      Path dir = Files.createDirectories(tmp.resolve("r" + k++));
      Files.writeString(dir.resolve("results.csv"), c[1], StandardCharsets.ISO_8859_1);
      boolean whole = c[0].equals("header only") || c[0].equals("binary");
      h.error(c[0], whole ? dir : dir.resolve("results.csv"), whole ? FILE : LINE, "regress", "--baseline",
          dir.toString(), "--results", base.toString());
    }
    Path empty = Files.createDirectories(tmp.resolve("r" + k++));
    Files.writeString(empty.resolve("results.csv"), "");
    h.error("empty", empty.resolve("results.csv"), FILE, "regress", "--baseline", empty.toString(), "--results",
        base.toString());
    Path other = Files.createDirectories(tmp.resolve("r" + k++));
    Files.writeString(other.resolve("results.csv"), head + "\n" + row.replace(",redmi,", ",mi9,") + "\n");
    h.error("points of another sweep (none in common)", other, FILE, "regress", "--baseline", other.toString(),
        "--results", base.toString());
    h.error("missing baseline", tmp.resolve("nosuch").resolve("results.csv"), FILE, "regress", "--baseline",
        tmp.resolve("nosuch").toString(), "--results", base.toString());
    Path crlf = Files.createDirectories(tmp.resolve("r" + k++));
    Files.writeString(crlf.resolve("results.csv"), csv.replace("\n", "\r\n"));
    h.warn("CRLF line ends (passes)", "0 slower", "regress", "--baseline", crlf.toString(), "--results",
        base.toString());
    h.check(15);
  }
}
