package org.socsim.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.socsim.graph.ModelGraph;
import org.socsim.plan.ExecutionPlan;
import org.socsim.plan.Placement;
import org.socsim.soc.Soc;

/** The plan compiled into per-request task templates, on its own. */
class TaskTemplatesTest {
  private static final Soc SOC = SimulationTest.soc(4, 1, 7);

  @Test
  void aCrossUnitEdgeBecomesACopyTaskOnTheConsumersQueueBetweenProducerAndConsumer() {
    // a (cpu) -> b (gpu) -> c (gpu): one copy a=>b, run on the GPU's queue before b
    ModelGraph g = new ModelGraph.Builder("t").edge("a", "b").edge("b", "c").build();
    Placement[] p = {new Placement(0, 0, 2), new Placement(1, 1, 1), new Placement(2, 1, 1)};
    ExecutionPlan plan = ExecutionPlan.withTransfers("t", g, SOC, p, new int[] {0, 1, 2}, c -> true, List.of());
    TaskTemplates t = new TaskTemplates(g, SOC, plan,
        SimulationTest.costs(Map.of("a", 10.0, "b", 20.0, "c", 30.0)), Workload.single());
    assertEquals(3, t.nOps);
    assertEquals(4, t.perRequest, "3 ops + 1 copy");
    assertEquals(1, t.taskUnit[3], "the copy runs on the consumer's unit");
    assertEquals(7, t.taskDur[3], 1e-12);
    assertEquals(5, t.taskDur[0], 1e-12, "10 us over 2 threads");
    assertArrayEquals(new int[] {0, 1, 1, 1}, t.pending0, "b waits for the copy only, the copy for a");
    assertArrayEquals(new int[] {3}, java.util.Arrays.copyOfRange(t.dep, t.depStart[0], t.depStart[1]));
    assertArrayEquals(new int[] {1}, java.util.Arrays.copyOfRange(t.dep, t.depStart[3], t.depStart[4]));
    assertArrayEquals(new int[] {0}, java.util.Arrays.copyOfRange(t.rel, t.relStart[3], t.relStart[4]),
        "the copy, when it ends, releases a's output");
    assertArrayEquals(new int[] {0}, t.issue[0]);
    assertArrayEquals(new int[] {3, 1, 2}, t.issue[1], "copy issued just before its consumer");
    assertEquals("copy cpu->gpu a => b", t.label(3));
    assertEquals("b", t.label(1));
    assertTrue(t.consumers0[0] == 1 && t.consumers0[3] == 1, "a's output read by the copy, the copy's by b");
  }

  @Test
  void backgroundThreadsSliceCpuOpsOnly() {
    ModelGraph g = new ModelGraph.Builder("t").edge("a", "b").build();
    Placement[] p = {new Placement(0, 0, 4), new Placement(1, 1, 1)};
    ExecutionPlan plan = ExecutionPlan.withTransfers("t", g, SOC, p, new int[] {0, 1}, c -> true, List.of());
    Workload w = new Workload(1, 0, null, Map.of(0, 4));
    TaskTemplates t = new TaskTemplates(g, SOC, plan, SimulationTest.costs(Map.of("a", 40.0, "b", 40.0)), w);
    assertEquals(20, t.taskDur[0], 1e-12, "40/4 us, 4 threads + 4 background on 4 cores: twice as long");
    assertEquals(40, t.taskDur[1], 1e-12, "the GPU is not sliced");
  }

  @Test
  void aCostModelWithoutADurationIsRefused() {
    ModelGraph g = new ModelGraph.Builder("t").edge("a", "b").build();
    Placement[] p = {new Placement(0, 0, 1), new Placement(1, 0, 1)};
    ExecutionPlan plan = ExecutionPlan.withTransfers("t", g, SOC, p, new int[] {0, 1}, c -> true, List.of());
    var e = assertThrows(IllegalArgumentException.class, () -> new TaskTemplates(g, SOC, plan,
        SimulationTest.costs(Map.of("a", Double.NaN, "b", 1.0)), Workload.single()));
    assertTrue(e.getMessage().contains("no duration for a on cpu"), e.getMessage());
  }
}
