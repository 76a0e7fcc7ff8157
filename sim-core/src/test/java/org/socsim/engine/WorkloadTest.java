package org.socsim.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.socsim.graph.ModelGraph;
import org.socsim.plan.ExecutionPlan;
import org.socsim.plan.Placement;
import org.socsim.result.RunResult;
import org.socsim.soc.Soc;

class WorkloadTest {
  static final Soc SOC = SimulationTest.soc(4, 1, 0);

  static RunResult run(ModelGraph g, int[] units, int[] threads, Map<String, Double> us, Workload w) {
    Placement[] p = new Placement[g.size()];
    for (int i = 0; i < p.length; i++) {
      p[i] = new Placement(i, units[i], threads[i]);
    }
    ExecutionPlan plan = ExecutionPlan.withTransfers("t", g, SOC, p, g.topologicalOrder(), c -> true, List.of());
    return new Simulation(g, SOC, plan, SimulationTest.costs(us), w).run();
  }

  @Test
  void aFrameIsDroppedExactlyWhenItsGpuWorkMissesVsync() {
    ModelGraph g = new ModelGraph.Builder("one").edge("a", "b").build();
    // a: 20 us on the GPU, b: 1 us on the CPU; vsync every 16 us, a frame costs 4 us of GPU
    Workload w = new Workload(1, 0, new Workload.Ui(1, 16, 4), Map.of());
    RunResult r = run(g, new int[] {1, 0}, new int[] {1, 1}, Map.of("a", 20.0, "b", 1.0), w);
    // frame 0 (vsync 0, deadline 16) waits behind a: 20..24 -> dropped; frame 1 (vsync 16, deadline 32): 24..28 ok
    assertEquals(2, r.framesTotal());
    assertEquals(1, r.framesDropped());
    assertEquals(28.0, r.latencyUs(), 0.0);
    assertEquals(21.0, r.requestLatencyUs().get(0), 0.0);
  }

  @Test
  void frameJustMeetingItsDeadlineIsNotDropped() {
    ModelGraph g = new ModelGraph.Builder("one").edge("a", "b").build();
    Workload w = new Workload(1, 0, new Workload.Ui(1, 16, 4), Map.of());
    RunResult r = run(g, new int[] {1, 0}, new int[] {1, 1}, Map.of("a", 12.0, "b", 1.0), w);
    assertEquals(0, r.framesDropped()); // frame 0: 12..16, exactly at its deadline
  }

  @Test
  void requestsBackToBackAndAtARate() {
    ModelGraph g = new ModelGraph.Builder("one").edge("a", "b").build();
    Map<String, Double> us = Map.of("a", 6.0, "b", 4.0);
    RunResult b2b = run(g, new int[] {0, 0}, new int[] {1, 1}, us, new Workload(3, 0, null, Map.of()));
    assertEquals(List.of(10.0, 10.0, 10.0), b2b.requestLatencyUs());
    assertEquals(30.0, b2b.latencyUs(), 0.0);
    RunResult rate = run(g, new int[] {0, 0}, new int[] {1, 1}, us, new Workload(3, 5, null, Map.of()));
    assertEquals(List.of(10.0, 15.0, 20.0), rate.requestLatencyUs());
  }

  @Test
  void backgroundThreadsTimeSliceTheCluster() {
    ModelGraph one = new ModelGraph.Builder("one").edge("a", "b").build();
    // 4-core CPU, op with 4 threads (40 us / 4 = 10 us) beside 2 background threads: (4 + 2) / 4 = 1.5x slower
    RunResult r = run(one, new int[] {0, 0}, new int[] {4, 4}, Map.of("a", 40.0, "b", 4.0),
        new Workload(1, 0, null, Map.of(0, 2)));
    assertEquals(15.0 + 1.5, r.latencyUs(), 1e-9);
  }
}
