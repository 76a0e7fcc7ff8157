package org.socsim.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.socsim.scenario.Scenario;
import org.socsim.scenario.ScenarioResult;
import org.socsim.scenario.Scenarios;
import org.socsim.strategy.AdaptiveStrategy;
import org.socsim.sweep.Compare;

/**
 * Issue 15's researcher loop on bundled data (h100-server tables: no ../shared needed): a strategy added with one
 * class and one services line ({@link AlternatingUnitsStrategy}, registered in this module's test resources) runs in
 * sweeps, shows in {@code socsim compare}, and is one of adaptive's candidates, with no other edit.
 */
class ResearcherLoopTest {
  @TempDir
  Path tmp;

  static final String NEW = AlternatingUnitsStrategy.NAME;

  @Test
  void aStrategyAddedByItsServicesLineIsAnAdaptiveCandidateAfterTodaysList() {
    List<String> c = AdaptiveStrategy.candidates();
    // today's candidates keep their order (ties go to the first: the study's adaptive picks are unchanged)
    assertEquals(List.of("solo-cpu", "solo-gpu", "solo-little", "solo-npu", "greedy-eft", "heft", "cpop",
        "hope-greedy", "mosaic", "branch-parallel", "channel-split", "codl"), c.subList(0, 12));
    // new plan strategies appended by name (the test sources register two); replay, pipeline, online ones left out
    assertEquals(List.of(NEW, "test-only-study"), c.subList(12, c.size()));
    ScenarioResult r = Scenarios.run(Scenario.builder("h100-server", "resnet50", "adaptive").build());
    String picked = r.notes().stream().filter(n -> n.startsWith("adaptive picked")).findFirst().orElseThrow();
    assertTrue(picked.contains(NEW + " "), picked);
  }

  @Test
  void candidatesOptionRestrictsAdaptiveAndRefusesUnknownNames() {
    ScenarioResult r = Scenarios.run(Scenario.builder("h100-server", "resnet50", "adaptive")
        .options("candidates=solo-gpu," + NEW).build());
    String picked = r.notes().stream().filter(n -> n.startsWith("adaptive picked")).findFirst().orElseThrow();
    assertTrue(picked.matches("adaptive picked \\S+ \\(observed: solo-gpu [0-9.]+ ms, " + NEW + " [0-9.]+ ms\\)"),
        picked);
    BadInputTest.oneLine(CliTest.cli("run", "--soc", "h100-server", "--model", "resnet50", "--strategy", "adaptive",
        "-O", "candidates=heft,hefty"), "'hefty' is not a plan strategy adaptive can try");
  }

  @Test
  void compareShowsTheNewStrategyAgainstHeftWithTheModelErrorNote() throws Exception {
    Path spec = tmp.resolve("s.yaml");
    Files.writeString(spec, "soc: [h100-server]\nmodel: [resnet50, mobilenet_v2]\nstrategy: [heft, " + NEW
        + "]\nthreads: [1, 4]\n");
    Path dir = tmp.resolve("sweep");
    CliTest.Out s = CliTest.cli("sweep", spec.toString(), "--out", dir.toString(), "--parallel", "2");
    assertEquals(0, s.code(), s.err());
    CliTest.Out o = CliTest.cli("compare", dir.toString(), "--by", "strategy", "--a", "heft", "--b", NEW);
    assertEquals(0, o.code(), o.err());
    assertTrue(o.out().contains("B = strategy " + NEW), o.out());
    assertTrue(o.out().contains("model error: 9.62 % (HOPE --holdout model mean |error|"), o.out());
    assertTrue(o.out().contains("summary: 4 points matched"), o.out());
    List<String> rows = o.out().lines().filter(l -> l.startsWith("model=")).toList();
    assertEquals(4, rows.size(), o.out());
    assertTrue(rows.get(0).startsWith("model=resnet50 threads=1 "), rows.get(0));

    // two folders, one strategy each: --by strategy leaves the differing axis out of the match
    Path a = tmp.resolve("a");
    Path b = tmp.resolve("b");
    Files.writeString(tmp.resolve("a.yaml"), "soc: [h100-server]\nmodel: [resnet50]\nstrategy: [heft]\n");
    Files.writeString(tmp.resolve("b.yaml"), "soc: [h100-server]\nmodel: [resnet50]\nstrategy: [" + NEW + "]\n");
    assertEquals(0, CliTest.cli("sweep", tmp.resolve("a.yaml").toString(), "--out", a.toString()).code());
    assertEquals(0, CliTest.cli("sweep", tmp.resolve("b.yaml").toString(), "--out", b.toString()).code());
    CliTest.Out f = CliTest.cli("compare", "--a", a.toString(), "--b", b.toString(), "--by", "strategy");
    assertEquals(0, f.code(), f.err());
    assertTrue(f.out().contains("(the one point)"), f.out());
    CliTest.Out none = CliTest.cli("compare", "--a", a.toString(), "--b", b.toString());
    BadInputTest.oneLine(none, "no point of A matches a point of B");
  }

  @Test
  void significanceIsJudgedAgainstTheModelError() {
    assertEquals("within model error", CompareCommand.verdict(new Compare.Point("p", 100, 109), 9.62));
    assertEquals("B slower beyond model error", CompareCommand.verdict(new Compare.Point("p", 100, 112), 9.62));
    assertEquals("B faster beyond model error", CompareCommand.verdict(new Compare.Point("p", 100, 80), 9.62));
    assertEquals("tie", CompareCommand.verdict(new Compare.Point("p", 100, 100), 9.62));
    // judged on the slower's excess over the faster: the same verdict whichever side is A, ties under 1 %
    assertEquals("B faster beyond model error", CompareCommand.verdict(new Compare.Point("p", 100, 91), 9.62));
    assertEquals("B slower beyond model error", CompareCommand.verdict(new Compare.Point("p", 91, 100), 9.62));
    assertEquals("tie", CompareCommand.verdict(new Compare.Point("p", 100, 100.9), 9.62));
  }

  @Test
  void compareRefusesBadInputOnOneLine() throws Exception {
    Path bad = Files.createDirectories(tmp.resolve("bad"));
    Files.writeString(bad.resolve("results.csv"), "a,b\n1,2\n");
    BadInputTest.oneLine(CliTest.cli("compare", bad.toString(), "--by", "strategy", "--a", "x", "--b", "y"),
        "results.csv:1: expected socsim sweep columns");
    BadInputTest.oneLine(CliTest.cli("compare", tmp.toString(), "--a", "x", "--b", "y"), "needs --by AXIS");
  }

  @Test
  void resumeSaysHowManyPointsItReused() throws Exception {
    Path spec = tmp.resolve("r.yaml");
    Files.writeString(spec, "soc: [h100-server]\nmodel: [resnet50]\nstrategy: [heft, solo-cpu, solo-gpu]\n");
    Path dir = tmp.resolve("r");
    assertEquals(0, CliTest.cli("sweep", spec.toString(), "--out", dir.toString()).code());
    List<String> lines = Files.readAllLines(dir.resolve("results.csv"));
    Files.write(dir.resolve("results.csv"), lines.subList(0, 2));
    CliTest.Out o = CliTest.cli("sweep", spec.toString(), "--out", dir.toString(), "--resume");
    assertEquals(0, o.code(), o.err());
    assertTrue(o.out().contains("(2 run now)") && o.out().contains("sweep: --resume reused 1 points already in"),
        o.out());
  }

  @Test
  void aMistypedFlagOrCommandIsNamedWithTheClosestMatchOnOneLine() {
    CliTest.Out o = CliTest.cli("run", "--soc", "h100-server", "--model", "resnet50", "--strategy", "heft",
        "--trheads", "2");
    BadInputTest.oneLine(o, "did you mean '--threads'?");
    assertTrue(o.err().startsWith("socsim: "), o.err());
    BadInputTest.oneLine(CliTest.cli("compre", "--a", "x"), "unknown command 'compre'");
    BadInputTest.oneLine(CliTest.cli("compre", "--a", "x"), "did you mean 'compare'?");
    BadInputTest.oneLine(CliTest.cli("run", "--soc", "h100-server"), "Missing required option");
  }
}
