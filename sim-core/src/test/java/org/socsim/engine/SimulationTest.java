package org.socsim.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.StringWriter;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.socsim.graph.ModelGraph;
import org.socsim.graph.Op;
import org.socsim.plan.ExecutionPlan;
import org.socsim.plan.Placement;
import org.socsim.result.RunResult;
import org.socsim.result.Span;
import org.socsim.soc.CostModel;
import org.socsim.soc.Soc;
import org.socsim.soc.Unit;
import org.socsim.soc.UnitKind;

class SimulationTest {
  static final int CPU = 0;
  static final int GPU = 1;

  /** Durations by op name; each op's cost is the same on every unit, divided by threads. */
  static CostModel costs(Map<String, Double> us) {
    return new CostModel() {
      @Override
      public double durationUs(Op op, Unit unit, int threads) {
        return us.get(op.name()) / threads;
      }

      @Override
      public boolean supports(Op op, Unit unit) {
        return true;
      }
    };
  }

  static Soc soc(int cpuCores, int cpuStreams, double copyUs) {
    return new Soc("test", List.of(new Unit(0, "cpu", UnitKind.CPU, cpuCores, cpuStreams, 0),
        new Unit(1, "gpu", UnitKind.GPU, 1, 1, 0)), (a, b, e) -> copyUs);
  }

  static RunResult run(ModelGraph g, Soc soc, int[] units, int[] threads, int[] order, Map<String, Double> us) {
    Placement[] p = new Placement[g.size()];
    for (int i = 0; i < p.length; i++) {
      p[i] = new Placement(i, units[i], threads[i]);
    }
    ExecutionPlan plan = ExecutionPlan.withTransfers("test", g, soc, p, order, c -> true, List.of());
    return new Simulation(g, soc, plan, costs(us)).run();
  }

  static double start(RunResult r, String name) {
    return r.timeline().spans().stream().filter(s -> s.name().equals(name)).findFirst().orElseThrow().startUs();
  }

  @Test
  void chainRunsBackToBack() {
    ModelGraph g = new ModelGraph.Builder("chain").edge("a", "b").edge("b", "c").build();
    RunResult r = run(g, soc(4, 1, 0), new int[] {CPU, CPU, CPU}, new int[] {1, 1, 1}, new int[] {0, 1, 2},
        Map.of("a", 10.0, "b", 20.0, "c", 5.0));
    assertEquals(35.0, r.latencyUs(), 0.0);
    assertEquals(10.0, start(r, "b"), 0.0);
    assertEquals(30.0, start(r, "c"), 0.0);
    assertEquals(1.0, r.units().get(CPU).utilisation(), 0.0);
    assertEquals(0.0, r.units().get(GPU).utilisation(), 0.0);
  }

  @Test
  void forkJoinOverlapsBranchesOnTwoUnits() {
    ModelGraph g = new ModelGraph.Builder("fj").edge("src", "left").edge("src", "right")
        .edge("left", "join").edge("right", "join").build();
    // src, left, join on CPU; right on GPU; copies are free here
    RunResult r = run(g, soc(4, 1, 0), new int[] {CPU, CPU, GPU, CPU}, new int[] {1, 1, 1, 1},
        new int[] {0, 1, 2, 3}, Map.of("src", 10.0, "left", 30.0, "right", 50.0, "join", 5.0));
    assertEquals(10.0, start(r, "right"), 0.0);
    assertEquals(60.0, start(r, "join"), 0.0);
    assertEquals(65.0, r.latencyUs(), 0.0);
    assertEquals(50.0 / 65.0, r.units().get(GPU).utilisation(), 1e-12);
  }

  @Test
  void transferAcrossUnitsAddsCopyTimeOnTheConsumerQueue() {
    ModelGraph g = new ModelGraph.Builder("x").edge("a", "b").build();
    RunResult r = run(g, soc(4, 1, 7), new int[] {CPU, GPU}, new int[] {2, 1}, new int[] {0, 1},
        Map.of("a", 20.0, "b", 6.0));
    // a: 0..10 (20us / 2 threads); copy on the GPU queue 10..17; b 17..23
    assertEquals(17.0, start(r, "b"), 0.0);
    assertEquals(23.0, r.latencyUs(), 0.0);
    Span copy = r.timeline().spans().stream().filter(s -> s.kind().equals("transfer")).findFirst().orElseThrow();
    assertEquals(10.0, copy.startUs(), 0.0);
    assertEquals(7.0, copy.durUs(), 0.0);
    assertEquals(1, r.units().get(GPU).transfers());
  }

  @Test
  void reusedCopyIsPaidOncePerTensorAndUnit() {
    ModelGraph g = new ModelGraph.Builder("x").edge("g", "c1").edge("g", "c2").build();
    Soc soc = soc(4, 1, 7);
    Placement[] p = {new Placement(0, GPU, 1), new Placement(1, CPU, 1), new Placement(2, CPU, 1)};
    ExecutionPlan plan = ExecutionPlan.withTransfers("t", g, soc, p, new int[] {0, 1, 2}, c -> true, List.of());
    Map<String, Double> us = Map.of("g", 10.0, "c1", 5.0, "c2", 5.0);
    // two copies on the CPU queue: 10..17 c1 17..22, 22..29 c2 29..34
    assertEquals(34.0, new Simulation(g, soc, plan, costs(us)).run().latencyUs(), 0.0);
    ExecutionPlan reused = plan.reuseCopies(soc);
    assertEquals(1, reused.transfers().size());
    // one copy 10..17, c1 17..22, c2 22..27
    assertEquals(27.0, new Simulation(g, soc, reused, costs(us)).run().latencyUs(), 0.0);
  }

  @Test
  void twoOpsCompeteForAClustersCores() {
    ModelGraph.Builder b = new ModelGraph.Builder("x");
    b.edge("src", "p").edge("src", "q");
    ModelGraph g = b.build();
    Map<String, Double> us = Map.of("src", 1.0, "p", 40.0, "q", 40.0);
    // 4 cores, 2 streams: two 2-thread ops run side by side (20 us each)
    RunResult wide = run(g, soc(4, 2, 0), new int[] {CPU, CPU, CPU}, new int[] {1, 2, 2}, new int[] {0, 1, 2}, us);
    assertEquals(1.0, start(wide, "q"), 0.0);
    assertEquals(21.0, wide.latencyUs(), 0.0);
    // 3 cores: the second 2-thread op waits for the first to release its cores
    RunResult narrow = run(g, soc(3, 2, 0), new int[] {CPU, CPU, CPU}, new int[] {1, 2, 2}, new int[] {0, 1, 2}, us);
    assertEquals(21.0, start(narrow, "q"), 0.0);
    assertEquals(41.0, narrow.latencyUs(), 0.0);
    assertEquals(41.0, narrow.units().get(CPU).busyUs(), 0.0);
    assertEquals(80.0 + 1.0, narrow.units().get(CPU).coreBusyUs(), 0.0);
  }

  @Test
  void gpuQueueRunsKernelsInIssueOrderEvenWhenALaterOneIsReadyFirst() {
    // slow (CPU) -> g1 (GPU); g2 (GPU) has no inputs but is issued after g1
    ModelGraph g = new ModelGraph.Builder("x").edge("slow", "g1").edge("root", "g2").build();
    // ops: slow=0, g1=1, root=2, g2=3
    RunResult r = run(g, soc(4, 1, 0), new int[] {CPU, GPU, CPU, GPU}, new int[] {1, 1, 1, 1},
        new int[] {0, 2, 1, 3}, Map.of("slow", 100.0, "g1", 10.0, "root", 1.0, "g2", 5.0));
    // root runs on the CPU after slow (one stream): 100..101; g1 at 100; g2 waits behind g1: 110..115
    assertEquals(100.0, start(r, "g1"), 0.0);
    assertEquals(110.0, start(r, "g2"), 0.0);
    assertEquals(115.0, r.latencyUs(), 0.0);
  }

  @Test
  void dispatchOverheadPrecedesEveryOp() {
    ModelGraph g = new ModelGraph.Builder("chain").edge("a", "b").build();
    Soc soc = new Soc("t", List.of(new Unit(0, "cpu", UnitKind.CPU, 1, 1, 3), new Unit(1, "gpu", UnitKind.GPU, 1, 1, 0)),
        (a, b, e) -> 0);
    RunResult r = run(g, soc, new int[] {CPU, CPU}, new int[] {1, 1}, new int[] {0, 1}, Map.of("a", 10.0, "b", 10.0));
    assertEquals(26.0, r.latencyUs(), 0.0);
    assertEquals(16.0, start(r, "b"), 0.0);
  }

  @Test
  void issueOrderMustRespectDependencies() {
    ModelGraph g = new ModelGraph.Builder("chain").edge("a", "b").build();
    assertThrows(IllegalArgumentException.class, () -> run(g, soc(4, 1, 0), new int[] {CPU, CPU},
        new int[] {1, 1}, new int[] {1, 0}, Map.of("a", 1.0, "b", 1.0)));
  }

  @Test
  void cyclicGraphIsRejected() {
    ModelGraph.Builder b = new ModelGraph.Builder("cyc").edge("a", "b").edge("b", "c").edge("c", "a");
    assertThrows(ModelGraph.CycleException.class, b::build);
  }

  @Test
  void chromeTraceHasOneCompleteEventPerSpanAndIsDeterministic() throws Exception {
    ModelGraph g = new ModelGraph.Builder("x").edge("a", "b").build();
    Map<String, Double> us = Map.of("a", 20.0, "b", 6.0);
    String t1 = trace(run(g, soc(4, 1, 7), new int[] {CPU, GPU}, new int[] {2, 1}, new int[] {0, 1}, us));
    String t2 = trace(run(g, soc(4, 1, 7), new int[] {CPU, GPU}, new int[] {2, 1}, new int[] {0, 1}, us));
    assertEquals(t1, t2);
    assertEquals(3, t1.split("\"ph\":\"X\"", -1).length - 1);
  }

  private static String trace(RunResult r) throws Exception {
    StringWriter w = new StringWriter();
    r.timeline().writeChromeTrace(w, Map.of("soc", "test"));
    return w.toString();
  }
}
