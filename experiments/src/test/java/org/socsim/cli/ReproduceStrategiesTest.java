package org.socsim.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.socsim.study.StudyPoints;
import org.socsim.sweep.SweepSpec;

/**
 * {@code reproduce --strategies}: a strategy registered only through the ServiceLoader (the test-only
 * {@code org.socsim.study.TestOnlyStudyStrategy}, listed in this module's test resources) joins the study without
 * code edits; the default selection is the study's points as before.
 */
class ReproduceStrategiesTest {
  @TempDir
  Path tmp;

  static final List<String> SMALL = List.of("reproduce", "--strategies", "solo-cpu,solo-gpu,heft,test-only-study",
      "--socs", "redmi", "--models", "inception-v3", "--parallel", "2");

  static CliTest.Out reproduce(Path out) {
    return CliTest.cli(Stream.concat(SMALL.stream(), Stream.of("--out", out.toString())).toArray(String[]::new));
  }

  @Test
  void aRegisteredTestStrategyAppearsInASmallReproduceRunsTables() throws Exception {
    CliTest.needShared();
    Path a = tmp.resolve("a");
    CliTest.Out o = reproduce(a);
    assertEquals(0, o.code(), o.err());
    // the test strategy plans the whole model on the CPU: a speed-up of exactly 1 over solo-cpu
    String fig2 = Files.readString(a.resolve("fig2_speedup_by_device_strategy.csv"));
    assertTrue(fig2.contains("redmi,test-only-study,1.000,1\n"), fig2);
    assertTrue(Files.readString(a.resolve("sweep/results.csv")).contains(",redmi,inception-v3,test-only-study,op,"));
    assertFalse(Pattern.compile("\\{[^}]*=").matcher(o.out()).find(), "findings print no Java map: " + o.out());
    assertTrue(o.out().contains("Fastest per (device, model) pair"), o.out());
    assertTrue(Files.isRegularFile(a.resolve("sweep-ui-cost/results.csv")));
    assertTrue(Files.isRegularFile(a.resolve("fig5_ui_cost.svg")));

    Path b = tmp.resolve("b");
    assertEquals(0, reproduce(b).code());
    try (Stream<Path> files = Files.walk(a)) {
      for (Path p : files.filter(Files::isRegularFile).toList()) {
        assertArrayEquals(Files.readAllBytes(p), Files.readAllBytes(b.resolve(a.relativize(p))), a.relativize(p)
            .toString());
      }
    }
  }

  @Test
  void aSubsetStudySaysWhatItCouldNotTestAndNamesItsBaseline() throws Exception {
    CliTest.needShared();
    Path one = tmp.resolve("one");
    CliTest.Out o = CliTest.cli("reproduce", "--strategies", "heft", "--socs", "redmi", "--models", "inception-v3",
        "--out", one.toString());
    assertEquals(0, o.code(), o.err());
    String claims = Files.readString(one.resolve("seed_claims.csv"));
    assertFalse(claims.contains("NaN") || Files.readString(one.resolve("report.html")).contains("NaN"), claims);
    assertTrue(claims.contains("not testable in this selection (one strategy per pair)"), claims);
    assertTrue(claims.contains("adaptive not in this selection"), claims);
    assertTrue(o.out().contains("one strategy ran per (device, model) pair"), o.out());
    Path three = tmp.resolve("three");
    o = CliTest.cli("reproduce", "--strategies", "solo-cpu,heft,codl", "--socs", "redmi", "--models", "inception-v3",
        "--out", three.toString());
    assertEquals(0, o.code(), o.err());
    // the best single processor of this selection is solo-cpu; the report says which ones were not run
    assertTrue(o.out().contains("the best single processor of solo-cpu; solo-gpu, solo-little, solo-npu not in this"
        + " selection"), o.out());
    // codl 530.313 ms against solo-cpu 543.673 ms: 2.519 % in % of the faster (codl), signed
    assertTrue(Files.readString(three.resolve("coexec_vs_single.csv")).contains(
        "redmi,inception-v3,solo-cpu,543.673,codl,530.313,-2.519,faster within error"));
  }

  @Test
  void anUnknownStrategyIsNamedBeforeAnyPointRuns() {
    CliTest.needShared();
    CliTest.Out o = CliTest.cli("reproduce", "--strategies", "heft,no-such-strategy", "--out",
        tmp.resolve("x").toString());
    assertEquals(2, o.code());
    assertTrue(o.err().contains("unknown strategy 'no-such-strategy'"), o.err());
    assertFalse(Files.exists(tmp.resolve("x")));
    CliTest.Out replay = CliTest.cli("reproduce", "--strategies", "replay", "--out", tmp.resolve("y").toString());
    assertEquals(2, replay.code());
    assertTrue(replay.err().contains("'replay' runs a recorded placement"), replay.err());
    assertFalse(Files.exists(tmp.resolve("y")));
  }

  @Test
  void theDefaultSelectionIsTheStudysPointsAndTheUiCostSweepRepeatsItsUiPoints() {
    CliTest.needShared();
    Path hope = SharedData.hope();
    List<SweepSpec.Point> def = StudyPoints.points(hope);
    assertEquals(2744, def.size());
    assertEquals(def, StudyPoints.points(hope, StudyPoints.Selection.of(null, null, null, hope)));
    List<SweepSpec.Point> ui = def.stream().filter(p -> !p.background().isEmpty()).toList();
    List<SweepSpec.Point> cost = StudyPoints.uiCostPoints(StudyPoints.Selection.DEFAULT);
    assertEquals(ui.size() * StudyPoints.UI_COSTS_MS.size(), cost.size());
    assertEquals(ui.stream().map(ReproduceStrategiesTest::key).toList(), cost.stream()
        .filter(p -> p.background().equals(StudyPoints.UI)).map(ReproduceStrategiesTest::key).toList());
  }

  private static String key(SweepSpec.Point p) {
    return p.soc() + " " + p.model() + " " + p.strategy() + " " + p.background() + " " + p.rate() + " " + p.requests();
  }
}
