package org.socsim.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.socsim.graph.Op;
import org.socsim.profile.ProfileIo;
import org.socsim.result.Span;
import org.socsim.scenario.Scenario;
import org.socsim.scenario.ScenarioResult;
import org.socsim.scenario.Scenarios;
import org.socsim.soc.Unit;
import org.socsim.sweep.PointRunner;
import org.socsim.sweep.SweepSpec;

/** What-if SoCs: {@code run --what-if}, the sweep axis {@code what_if} and {@code socsim derive}. */
class WhatIfTest {
  @TempDir
  Path tmp;

  @Test
  void coRunInterferenceCanBeTurnedOffOrGiven() {
    double redmi = run("redmi", "heft", "").latencyMs();
    double off = run("redmi", "heft", "corun.cpu=0,corun.gpu=0").latencyMs();
    assertTrue(off < redmi, off + " vs " + redmi); // heft overlaps CPU and GPU work on redmi
    double mi9 = run("mi9", "heft", "").latencyMs();
    ScenarioResult given = run("mi9", "heft", "corun.cpu=0.1");
    assertTrue(given.latencyMs() > mi9, given.latencyMs() + " vs " + mi9);
    assertTrue(given.notes().stream().anyMatch(n -> n.contains("CPU ops +10.0 %")), given.notes().toString());
    assertEquals(mi9, run("mi9", "heft", "corun.gpu=0").latencyMs(), 0.0);
    // a run-time policy (PolicySimulation) re-times co-running tasks the same way
    java.util.function.Function<String, Double> online = w -> Scenarios.run(Scenario.builder("redmi",
        "inception-v3", "shortest-expected-latency").requests(6).rateHz(20).whatIf(w).build()).latencyMs();
    assertTrue(online.apply("") > online.apply("corun.cpu=0,corun.gpu=0"));
  }

  static ScenarioResult run(String soc, String strategy, String whatIf) {
    return Scenarios.run(Scenario.builder(soc, "inception-v3", strategy).whatIf(whatIf).build());
  }

  @Test
  void gpuSpeedTwoHalvesEverySoloGpuOpTimeOnRedmiExactly() throws Exception {
    // without redmi's co-run interference, which stretches GPU spans that overlap a CPU fallback op
    ObjectNode p = (ObjectNode) new ObjectMapper().readTree(ProfileIo.toJson(ProfileIo.load("redmi")));
    ((ObjectNode) p.get("platform")).remove("co_run");
    Path redmi = tmp.resolve("redmi.json");
    Files.writeString(redmi, p.toString());
    ScenarioResult base = run(redmi.toString(), "solo-gpu", "");
    ScenarioResult fast = run(redmi.toString(), "solo-gpu", "gpu.speed=2");
    Unit gpu = base.workbench().soc().unit("gpu").orElseThrow();
    Unit gpu2 = fast.workbench().soc().unit("gpu").orElseThrow();
    int onGpu = 0;
    for (Op op : base.plan().graph().ops()) {
      if (base.plan().placement(op.index()).unit() != gpu.index()) {
        continue;
      }
      onGpu++;
      double t = base.workbench().cost().durationUs(op, gpu, 1);
      assertEquals(t / 2, fast.workbench().cost().durationUs(op, gpu2, 1), 0.0, op.name());
    }
    assertTrue(onGpu > 100, "solo-gpu ops on the GPU: " + onGpu);
    // in the engine: every op span on the GPU is half as long (the dispatch gap before it is not op time)
    Map<String, Double> before = gpuSpans(base);
    Map<String, Double> after = gpuSpans(fast);
    assertEquals(before.keySet(), after.keySet());
    before.forEach((op, us) -> assertEquals(us / 2, after.get(op), 1e-9 * us, op));
    assertEquals(base.plan().transfers().size(), fast.plan().transfers().size());
    assertTrue(fast.latencyMs() < 0.51 * base.latencyMs() + 0.02 * base.latencyMs());
  }

  private static Map<String, Double> gpuSpans(ScenarioResult r) {
    List<String> ids = r.result().timeline().unitIds();
    return r.result().timeline().spans().stream().filter(s -> s.kind().equals("op")
        && ids.get(s.unit()).equals("gpu")).collect(Collectors.toMap(Span::name, Span::durUs));
  }

  @Test
  void eachKeyChangesWhatItNames() {
    ScenarioResult base = run("redmi", "heft", "");
    ScenarioResult copies = run("redmi", "heft", "link.cpu-gpu.scale=0.5,link.gpu-cpu.scale=0.5");
    assertNotEquals(base.latencyMs(), copies.latencyMs());
    ScenarioResult free = run("redmi", "solo-gpu", "link.cpu-gpu.scale=0,link.gpu-cpu.scale=0");
    assertEquals(0, free.plan().transfers().size(), "copies priced 0 are no copy tasks");
    ScenarioResult gap = run("redmi", "solo-gpu", "gpu.dispatch_us=0");
    assertEquals(0.0, gap.workbench().soc().unit("gpu").orElseThrow().dispatchUs());
    assertTrue(gap.latencyMs() < run("redmi", "solo-gpu", "").latencyMs());
    ScenarioResult two = Scenarios.run(Scenario.builder("redmi", "inception-v3", "solo-cpu")
        .whatIf("cpu-big.cores=2,cpu-little.cores=2").build());
    assertEquals(2, two.scenario().threads(), "default threads follow the largest cluster");
    // more cores, the same 4-thread work: the busy cores' energy is what it was (before, each extra idle core made
    // the work cheaper: 1196 -> 177 mJ at 64 cores)
    ScenarioResult four = Scenarios.run(Scenario.builder("redmi", "inception-v3", "solo-cpu").threads(4).build());
    ScenarioResult eight = Scenarios.run(Scenario.builder("redmi", "inception-v3", "solo-cpu").threads(4)
        .whatIf("cpu-big.cores=8").build());
    assertEquals(four.latencyMs(), eight.latencyMs(), 0.0);
    assertTrue(eight.result().energyMj() >= four.result().energyMj(), eight.result().energyMj() + " vs "
        + four.result().energyMj());
    ScenarioResult power = run("redmi", "heft", "gpu.power.scale=2");
    assertTrue(power.result().energyMj() > base.result().energyMj());
    assertEquals(base.latencyMs(), power.latencyMs(), 0.0);
    ScenarioResult narrow = Scenarios.run(Scenario.builder("redmi", "inception-v3", "heft").whatIf("dram.gbps=0.5")
        .build());
    assertTrue(narrow.latencyMs() > base.latencyMs(), "a narrow DRAM bus slows the run");
    ScenarioResult flag = Scenarios.run(Scenario.builder("redmi", "inception-v3", "heft").whatIf("dram.gbps=0.5")
        .bandwidthGbps(Double.POSITIVE_INFINITY).build());
    assertEquals(base.latencyMs(), flag.latencyMs(), 0.0, "--bandwidth wins over the profile's figure");
  }

  @Test
  void badWhatIfsAreOneLineNamingTheKnownKeysAndUnits() {
    String[] run = {"run", "--soc", "redmi", "--model", "inception-v3", "--strategy", "heft", "--what-if"};
    BadInputTest.oneLine(CliTest.cli(append(run, "gpu.sped=2")), "unknown what-if key 'gpu.sped'; known keys:"
        + " <unit>.speed, <unit>.cores, <unit>.dispatch_us, <unit>.power.scale, dram.gbps, link.<from>-<to>.scale, corun.<kind>;"
        + " units of redmi: [cpu-big, cpu-little, gpu], links: [cpu-gpu, gpu-cpu]");
    BadInputTest.oneLine(CliTest.cli(append(run, "npu.speed=2")), "profile redmi has no unit 'npu'");
    BadInputTest.oneLine(CliTest.cli(append(run, "gpu.speed=0")), "gpu.speed expects a speed factor in [0.001, 1000]");
    BadInputTest.oneLine(CliTest.cli(append(run, "cpu-big.cores=3")), "choose one of them");
    BadInputTest.oneLine(CliTest.cli(append(run, "gpu.speed")), "is not KEY=VALUE");
    BadInputTest.oneLine(CliTest.cli(append(run, "corun.cpu=-1")), "corun.cpu expects a slowdown in [0, 1000]");
    BadInputTest.oneLine(CliTest.cli(append(run, "corun.tpu=0.1")), "unknown what-if key 'corun.tpu'");
    BadInputTest.oneLine(CliTest.cli(append(run, "link.cpu-npu.scale=2")), "has no link cpu->npu");
    BadInputTest.oneLine(CliTest.cli(append(run, "gpu.speed=2,gpu.speed=3")), "given twice");
  }

  private static String[] append(String[] a, String v) {
    String[] out = java.util.Arrays.copyOf(a, a.length + 1);
    out[a.length] = v;
    return out;
  }

  @Test
  void aDerivedProfileRunsExactlyAsTheWhatIf() throws Exception {
    String wi = "gpu.speed=2,link.cpu-gpu.scale=0.5,cpu-big.dispatch_us=3,dram.gbps=17,cpu-little.power.scale=1.5";
    Path p = tmp.resolve("redmi-what-if.json");
    CliTest.Out d = CliTest.cli("derive", "--soc", "redmi", "--what-if", wi, "--out", p.toString());
    assertEquals(0, d.code(), d.err());
    assertEquals(ProfileIo.toJson(org.socsim.scenario.Workbench.profile("redmi", wi)), Files.readString(p));
    for (String st : List.of("heft", "codl", "solo-gpu")) {
      String[] common = {"--model", "inception-v3", "--strategy", st, "--requests", "3", "--rate", "20", "--thermal",
          "--json"};
      CliTest.Out a = CliTest.cli(concat(new String[] {"run", "--soc", "redmi", "--what-if", wi}, common));
      CliTest.Out b = CliTest.cli(concat(new String[] {"run", "--soc", p.toString()}, common));
      assertEquals(0, a.code(), a.err());
      assertEquals(0, b.code(), b.err());
      assertEquals(results(a.out()), results(b.out()), st);
    }
    BadInputTest.oneLine(CliTest.cli("derive", "--soc", "redmi", "--what-if", "gpu.sped=2", "--out",
        tmp.resolve("no.json").toString()), "unknown what-if key");
    assertFalse(Files.exists(tmp.resolve("no.json")), "nothing written on bad input");
    BadInputTest.oneLine(CliTest.cli("derive", "--soc", "redmi", "--what-if", " ", "--out",
        tmp.resolve("no.json").toString()), "--what-if is empty");
    assertFalse(Files.exists(tmp.resolve("no.json")), "an empty what-if writes no copy of the profile");
    BadInputTest.oneLine(CliTest.cli("run", "--soc", "redmi", "--model", "inception-v3,", "--strategy", "heft"),
        "found an empty name");
  }

  /** A run's JSON without what names the input (what_if, notes). */
  static JsonNode results(String json) throws Exception {
    ObjectNode n = (ObjectNode) new ObjectMapper().readTree(json);
    n.remove("what_if");
    n.remove("notes");
    return n;
  }

  static String[] concat(String[] a, String[] b) {
    String[] out = java.util.Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }

  @Test
  void theWhatIfAxisAddsItsColumnOnlyWhenNamed() throws Exception {
    Path spec = tmp.resolve("w.yaml");
    Files.writeString(spec, "soc: [h100-server]\nmodel: [resnet50]\nstrategy: [solo-gpu]\n"
        + "what_if: [\"\", \"gpu.speed=2\", \"gpu.speed=2,link.cpu-gpu.scale=0.5\", \"npu.speed=2\"]\n");
    SweepSpec s = SweepSpec.read(spec);
    List<SweepSpec.Point> pts = s.points();
    assertEquals(4, pts.size());
    assertEquals("what_if", PointRunner.columns(pts).get(PointRunner.columns(pts).size() - 1));
    PointRunner r = new PointRunner();
    Map<String, Object> base = r.run(pts.get(0));
    Map<String, Object> fast = r.run(pts.get(1));
    assertEquals("ok", fast.get("status"));
    assertTrue((Double) fast.get("latency_ms") < (Double) base.get("latency_ms"));
    assertEquals("gpu.speed=2", fast.get("what_if"));
    assertTrue(r.run(pts.get(3)).get("status").toString().startsWith("n/a: what-if key 'npu.speed'"));
    // a spec without the axis: no column, and points (hence .sweep.points fingerprints) as before
    Files.writeString(spec, "soc: [h100-server]\nmodel: [resnet50]\nstrategy: [solo-gpu]\n");
    List<SweepSpec.Point> plain = SweepSpec.read(spec).points();
    assertEquals(PointRunner.COLUMNS, PointRunner.columns(plain));
    assertFalse(plain.get(0).toString().contains("what_if"));
    Files.writeString(spec, "soc: [h100-server]\nmodel: [resnet50]\nstrategy: [solo-gpu]\nwhat_if: [gpu.sped=2]\n");
    var e = org.junit.jupiter.api.Assertions.assertThrows(org.socsim.traces.TraceFormatException.class,
        () -> SweepSpec.read(spec));
    assertTrue(e.getMessage().contains("w.yaml:4:") && e.getMessage().contains("unknown what-if key"), e.getMessage());
  }
}
