package org.socsim.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.socsim.graph.ModelGraph;
import org.socsim.graph.Op;
import org.socsim.plan.ExecutionPlan;
import org.socsim.plan.Placement;
import org.socsim.result.RunResult;
import org.socsim.soc.CostModel;
import org.socsim.soc.Soc;
import org.socsim.soc.Unit;

class DynamicsTest {
  /** 2-core, 2-stream CPU and a GPU. */
  static final Soc SOC = SimulationTest.soc(2, 2, 0);

  /** Durations by name; every op moves {@code bytesPerUs} x its duration bytes (a fixed bandwidth demand). */
  static CostModel costs(Map<String, Double> us, double bytesPerUs) {
    CostModel base = SimulationTest.costs(us);
    return new CostModel() {
      @Override
      public double durationUs(Op op, Unit unit, int threads) {
        return base.durationUs(op, unit, threads);
      }

      @Override
      public boolean supports(Op op, Unit unit) {
        return true;
      }

      @Override
      public double memoryBytes(Op op, Unit unit) {
        return bytesPerUs * us.get(op.name());
      }
    };
  }

  static RunResult run(ModelGraph g, int[] units, CostModel cost, Dynamics d) {
    Placement[] p = new Placement[g.size()];
    for (int i = 0; i < p.length; i++) {
      p[i] = new Placement(i, units[i], 1);
    }
    ExecutionPlan plan = ExecutionPlan.withTransfers("t", g, SOC, p, g.topologicalOrder(), c -> true, List.of());
    return new Simulation(g, SOC, plan, cost, Workload.single(), d).run();
  }

  static Dynamics bus(double bytesPerUs) {
    return new Dynamics(bytesPerUs, Dynamics.Governor.PERFORMANCE, 1000, List.of(1.0), null, Map.of());
  }

  @Test
  void twoMemoryBoundSlicesOnAHalfCapacityBusTakeTwiceAsLong() {
    ModelGraph g = new ModelGraph.Builder("pair").edge("src", "a").edge("src", "b").build();
    // each slice alone streams 100 B/us for 10 us; the bus carries 100 B/us: together they get 50 each
    CostModel cost = costs(Map.of("src", 0.0, "a", 10.0, "b", 10.0), 100);
    RunResult alone = run(new ModelGraph.Builder("one").edge("src", "a").build(), new int[] {0, 0}, cost, bus(100));
    assertEquals(10.0, alone.latencyUs(), 1e-9);
    RunResult both = run(g, new int[] {0, 0, 0}, cost, bus(100));
    assertEquals(20.0, both.latencyUs(), 1e-9);
    // a bus wide enough for both: no slowdown
    assertEquals(10.0, run(g, new int[] {0, 0, 0}, cost, bus(200)).latencyUs(), 1e-9);
  }

  @Test
  void aSlowerSliceFinishingReleasesBandwidthToTheOther() {
    ModelGraph g = new ModelGraph.Builder("pair").edge("src", "a").edge("src", "b").build();
    // a: 10 us, b: 30 us, both 100 B/us on a 100 B/us bus: both at half speed until a ends at 20 (10 us of work);
    // b has done 10 of 30 us of work by then and runs the last 20 alone: ends at 40
    RunResult r = run(g, new int[] {0, 0, 0}, costs(Map.of("src", 0.0, "a", 10.0, "b", 30.0), 100), bus(100));
    assertEquals(40.0, r.latencyUs(), 1e-9);
  }

  @Test
  void aGovernorStepChangesTheRemainingDurationOfARunningOp() {
    ModelGraph g = new ModelGraph.Builder("one").edge("a", "b").build();
    // a thermal cap drops the level to half at the first governor tick (t = 10; a 1 kW op heats a node of little
    // no capacity past its trip at once): a (100 us at full speed) has 90 us of work left, done at half speed in
    // 180 us -> ends at 190; b (10 us) at half speed -> 210
    Dynamics d = new Dynamics(Double.POSITIVE_INFINITY, Dynamics.Governor.PERFORMANCE, 10, List.of(0.5, 1.0),
        new Dynamics.Thermal(25, 1, 1e-4, 26, 0.5), Map.of(0, new Dynamics.Power(0, 0, 1000)));
    RunResult r = run(g, new int[] {0, 0}, costs(Map.of("a", 100.0, "b", 10.0), 0), d);
    assertEquals(210.0, r.latencyUs(), 1e-9);
  }

  @Test
  void powersaveRunsAtItsLowestLevelFromTheStart() {
    ModelGraph g = new ModelGraph.Builder("one").edge("a", "b").build();
    // before the first governor tick too (it started at full speed: a short run was not slower): 110 us at half
    Dynamics d = new Dynamics(Double.POSITIVE_INFINITY, Dynamics.Governor.POWERSAVE, 10, List.of(0.5, 1.0), null,
        Map.of());
    RunResult r = run(g, new int[] {0, 0}, costs(Map.of("a", 100.0, "b", 10.0), 0), d);
    assertEquals(220.0, r.latencyUs(), 1e-9);
  }

  @Test
  void energyIntegratesPowerOverBusyAndIdleTime() {
    ModelGraph g = new ModelGraph.Builder("one").edge("a", "b").build();
    // CPU: a (10 us) then b (10 us) on 1 of 2 cores: static 1 W + dynamic 2 W x 1/2 core share = 2 W for 20 us
    // GPU idle at 0.5 W for 20 us
    Dynamics d = new Dynamics(Double.POSITIVE_INFINITY, Dynamics.Governor.PERFORMANCE, 1000, List.of(1.0), null,
        Map.of(0, new Dynamics.Power(0.1, 1.0, 2.0), 1, new Dynamics.Power(0.5, 0.5, 3.0)));
    RunResult r = run(g, new int[] {0, 0}, costs(Map.of("a", 10.0, "b", 10.0), 0), d);
    assertEquals(2.0 * 20e-6 * 1000, r.units().get(0).energyMj(), 1e-12);
    assertEquals(0.5 * 20e-6 * 1000, r.units().get(1).energyMj(), 1e-12);
    // with a thermal model the governor ticks every 15 us: the tick at 30 us, after the run's end at 20, accounts
    // idle power up to it, which must not count (before: +10 us of idle energy on every unit)
    Dynamics hot = new Dynamics(Double.POSITIVE_INFINITY, Dynamics.Governor.PERFORMANCE, 15, List.of(1.0),
        new Dynamics.Thermal(25, 1, 1e6, 90, 0.5), Map.of(0, new Dynamics.Power(0.1, 1.0, 2.0), 1,
        new Dynamics.Power(0.5, 0.5, 3.0)));
    RunResult t = run(g, new int[] {0, 0}, costs(Map.of("a", 10.0, "b", 10.0), 0), hot);
    assertEquals(r.latencyUs(), t.latencyUs(), 1e-12);
    assertEquals(r.energyMj(), t.energyMj(), 1e-12);
    // one busy background thread on the CPU (unit 0, 2 cores): the ops run on their core beside it (no slowdown, 1 + 1 <= 2 cores) and its core draws dynamic power too: 1 + 2 x (1/2 + 1/2) W
    Placement[] p = {new Placement(0, 0, 1), new Placement(1, 0, 1)};
    ExecutionPlan plan = ExecutionPlan.withTransfers("t", g, SOC, p, g.topologicalOrder(), c -> true, List.of());
    RunResult bg = new Simulation(g, SOC, plan, costs(Map.of("a", 10.0, "b", 10.0), 0), new Workload(1, 0, null,
        Map.of(0, 1)), d).run();
    assertEquals(r.latencyUs(), bg.latencyUs(), 1e-12);
    assertEquals(3.0 * 20e-6 * 1000, bg.units().get(0).energyMj(), 1e-12);
  }

  @Test
  void peakMemoryCountsOutputsUntilTheirLastConsumerEnds() {
    ModelGraph.Builder b = new ModelGraph.Builder("mem");
    org.socsim.graph.OpFeatures f100 = new org.socsim.graph.OpFeatures("other", 0, 1, 0, 100, 0, 0, 0, 0, 0, 0);
    org.socsim.graph.OpFeatures f50 = new org.socsim.graph.OpFeatures("other", 0, 1, 0, 50, 0, 0, 0, 0, 0, 0);
    b.op("a", "X", f100);
    b.op("b", "X", f50);
    b.op("c", "X", f50);
    b.edge("a", "b").edge("b", "c");
    ModelGraph g = b.build();
    // a (100 B) live while b runs: 150; a freed when b ends; b (50) + c (50) = 100
    RunResult r = run(g, new int[] {0, 0, 0}, SimulationTest.costs(Map.of("a", 1.0, "b", 1.0, "c", 1.0)),
        Dynamics.none());
    assertEquals(150.0, r.units().get(0).peakMemoryBytes(), 0.0);
  }

  @Test
  void thermalTripCapsFrequencyAndIsDeterministic() {
    ModelGraph.Builder b = new ModelGraph.Builder("chain");
    for (int i = 0; i < 50; i++) {
      b.edge("v" + i, "v" + (i + 1));
    }
    ModelGraph g = b.build();
    java.util.Map<String, Double> us = new java.util.HashMap<>();
    for (int i = 0; i <= 50; i++) {
      us.put("v" + i, 1000.0);
    }
    // 5 W on a 1 J/C, 10 C/W node heats 5 C/ms at first; trips at 30 C after ~2 ms -> half speed
    Dynamics hot = new Dynamics(Double.POSITIVE_INFINITY, Dynamics.Governor.PERFORMANCE, 100, List.of(0.5, 1.0),
        new Dynamics.Thermal(25, 10, 1e-3, 30, 0.5), Map.of(0, new Dynamics.Power(0, 1, 4)));
    int[] units = new int[51];
    RunResult r1 = run(g, units, costs(us, 0), hot);
    RunResult r2 = run(g, units, costs(us, 0), hot);
    assertTrue(r1.latencyUs() > 51_000 * 1.2, "throttling should slow the chain: " + r1.latencyUs());
    assertTrue(r1.peakTempC() >= 30);
    assertEquals(r1.latencyUs(), r2.latencyUs(), 0.0);
    assertEquals(r1.energyMj(), r2.energyMj(), 0.0);
  }

  @Test
  void coRunSlowsEachSideOnlyWhileTheOtherRuns() {
    ModelGraph g = new ModelGraph.Builder("pair").edge("src", "a").edge("src", "b").build();
    CostModel cost = costs(Map.of("src", 0.0, "a", 100.0, "b", 100.0), 0);
    Dynamics none = Dynamics.none();
    assertEquals(100.0, run(g, new int[] {0, 0, 1}, cost, none).latencyUs(), 1e-9);
    // CPU at 1/1.1 while the GPU runs (to 100): 90.9 us of work done, the last 9.1 alone
    Dynamics cpuSlowed = none.withCoRun(Map.of(0, 0.1));
    assertTrue(cpuSlowed.changesSpeed());
    assertEquals(100 + 100 - 100 / 1.1, run(g, new int[] {0, 0, 1}, cost, cpuSlowed).latencyUs(), 1e-9);
    // both slowed: the CPU ends at 110; the GPU has done 88 us of work by then and runs the last 12 alone
    Dynamics both = none.withCoRun(Map.of(0, 0.1, 1, 0.25));
    assertEquals(122.0, run(g, new int[] {0, 0, 1}, cost, both).latencyUs(), 1e-9);
    // two tasks on the CPU side only (2 streams): nobody across the divide, no slowdown
    assertEquals(100.0, run(g, new int[] {0, 0, 0}, cost, both).latencyUs(), 1e-9);
  }

  @Test
  void negativeCoRunSlowdownIsRefused() {
    org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
        () -> Dynamics.none().withCoRun(Map.of(0, -0.1)));
  }
}
