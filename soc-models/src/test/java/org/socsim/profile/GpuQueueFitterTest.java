package org.socsim.profile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.socsim.graph.Edge;
import org.socsim.graph.ModelGraph;
import org.socsim.soc.Soc;
import org.socsim.soc.Unit;

class GpuQueueFitterTest {
  private static GpuQueueFitter.Sample chain(String model, double copies, double[] stages, double sync) {
    GpuQueueFitter.Sample probe = new GpuQueueFitter.Sample("f", model, "all-gpu", copies, stages, 1);
    return new GpuQueueFitter.Sample("f", model, "all-gpu", copies, stages, probe.predictUs(sync));
  }

  @Test
  void aChainedRunSavesTheSyncPerStageAndPaysItOnce() {
    GpuQueueFitter.Sample s = new GpuQueueFitter.Sample("f", "m", "p", 100, new double[] {300, 50, 400}, 1);
    assertEquals(100 + 300 + 50 + 400, s.predictUs(0), 1e-9);
    // each stage loses 60 us (the 50 us one all of it), one 60 us drain is paid
    assertEquals(100 + 240 + 0 + 340 + 60, s.predictUs(60), 1e-9);
  }

  @Test
  void fitRecoversTheSyncOfEachModelAndLeavesAModelOut() {
    List<GpuQueueFitter.Sample> runs = List.of(
        chain("a", 80, new double[] {200, 350, 120, 400}, 40), chain("a", 120, new double[] {200, 350, 120, 400}, 40),
        chain("b", 60, new double[] {900, 1100, 700}, 20));
    SocProfile.GpuQueueSpec all = GpuQueueFitter.fit(runs, null, "test");
    assertEquals((40 + 40 + 20) / 3.0, all.syncUs(), 1e-3);
    assertEquals(3, all.plans());
    assertEquals(2, all.models());
    SocProfile.GpuQueueSpec withoutA = GpuQueueFitter.fit(runs, "a", "test");
    assertEquals(20, withoutA.syncUs(), 1e-3);
    assertEquals(0, withoutA.meanAbsResidualPct(), 1e-3);
    assertNull(GpuQueueFitter.fit(runs.subList(2, 3), "b", "test"), "nothing left to fit on");
    assertTrue(GpuQueueFitter.residuals(runs, all).get(2).startsWith("b all-gpu: measured "));
  }

  @Test
  void aChainSlowerThanItsStagesFitsNoSync() {
    GpuQueueFitter.Sample slow = new GpuQueueFitter.Sample("f", "m", "p", 10, new double[] {100, 100}, 500);
    assertEquals(0, GpuQueueFitter.fit(List.of(slow), null, "t").syncUs(), 0);
  }

  @Test
  void negativeOrInfiniteSyncIsRefused() {
    assertThrows(IllegalArgumentException.class, () -> new SocProfile.GpuQueueSpec(-1, 1, 1, 0, "t"));
    assertThrows(IllegalArgumentException.class,
        () -> new SocProfile.GpuQueueSpec(Double.POSITIVE_INFINITY, 1, 1, 0, "t"));
  }

  @Test
  void theProfileChargesTheSyncOnlyWhenDataLeavesTheGpu() {
    SocProfile p = new SocProfile(SocProfile.SCHEMA, "q", "test", List.of(),
        List.of(new SocProfile.UnitSpec("cpu", "CPU", 4, 1, 0, List.of(1)),
            new SocProfile.UnitSpec("gpu", "GPU", 1, 1, 0, List.of(1))),
        Map.of("cpu->gpu", new SocProfile.LinkSpec("cpu", "gpu", 10, 0.001, 20, 3, 1),
            "gpu->cpu", new SocProfile.LinkSpec("gpu", "cpu", 12, 0.001, 20, 3, 1)),
        Map.of("m", new SocProfile.ModelTable("test", Map.of("a", Map.of("cpu", List.of(500.0), "gpu",
            List.of(300.0)), "b", Map.of("cpu", List.of(400.0), "gpu", List.of(30.0))), List.of(), Map.of(), Map.of(),
            null, null)),
        null, null, List.of(), null, new SocProfile.GpuQueueSpec(50, 2, 1, 0, "t"));
    ModelGraph.Builder b = new ModelGraph.Builder("m");
    b.op("a");
    b.op("b");
    ModelGraph g = b.edge("a", "b", 1000, "").build();
    Soc soc = p.toSoc("m");
    Unit cpu = soc.requireUnit("cpu");
    Unit gpu = soc.requireUnit("gpu");
    TableCostModel cost = new TableCostModel(p, "m");
    assertEquals(250, cost.durationUs(g.op(g.indexOf("a")), gpu, 1), 1e-9);
    assertEquals(0, cost.durationUs(g.op(g.indexOf("b")), gpu, 1), 1e-9, "never negative");
    assertEquals(500, cost.durationUs(g.op(g.indexOf("a")), cpu, 1), 1e-9, "the CPU has no queue");
    Edge e = g.edges().get(0);
    assertEquals(12 + 1 + 50, soc.transfers().transferUs(gpu, cpu, e), 1e-9);
    assertEquals(10 + 1, soc.transfers().transferUs(cpu, gpu, e), 1e-9);
    SocProfile none = p.withGpuQueue(null);
    assertEquals(300, new TableCostModel(none, "m").durationUs(g.op(g.indexOf("a")), gpu, 1), 1e-9);
    assertEquals(12 + 1, none.toSoc("m").transfers().transferUs(gpu, cpu, e), 1e-9);
  }
}
