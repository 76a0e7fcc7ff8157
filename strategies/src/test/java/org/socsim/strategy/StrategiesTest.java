package org.socsim.strategy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.socsim.engine.Simulation;
import org.socsim.graph.Edge;
import org.socsim.graph.ModelGraph;
import org.socsim.graph.Op;
import org.socsim.plan.ExecutionPlan;
import org.socsim.result.RunResult;
import org.socsim.result.Span;
import org.socsim.soc.CostModel;
import org.socsim.soc.Soc;
import org.socsim.soc.Unit;
import org.socsim.soc.UnitKind;

class StrategiesTest {
  static final Soc SOC = new Soc("t", List.of(new Unit(0, "cpu-big", UnitKind.CPU, 4, 1, 2),
      new Unit(1, "gpu", UnitKind.GPU, 1, 1, 1)), (a, b, e) -> 15.0);

  /**
   * GPU is 3x faster than 1 CPU thread on even ops and lacks every op whose number is divisible by 7; ops are
   * identified by their origin's name ("v12") so slices cost their fraction of the whole op.
   */
  static final CostModel COST = new CostModel() {
    @Override
    public double durationUs(Op op, Unit unit, int threads) {
      if (op.isJoin()) {
        return 0;
      }
      int id = id(op);
      double base = 60 + 13 * (id % 5);
      return op.fraction() * (unit.isCpu() ? base / threads : (id % 2 == 0 ? base / 3 : base * 1.5));
    }

    @Override
    public boolean supports(Op op, Unit unit) {
      return op.isJoin() || unit.isCpu() || id(op) % 7 != 0;
    }
  };

  static int id(Op op) {
    return Integer.parseInt(op.origin().substring(1));
  }

  static ModelGraph randomDag(long seed, int n) {
    Random r = new Random(seed);
    ModelGraph.Builder b = new ModelGraph.Builder("rand" + seed);
    b.op("v0", "Conv", org.socsim.graph.OpFeatures.NONE);
    for (int i = 1; i < n; i++) {
      int fanIn = 1 + r.nextInt(2);
      b.op("v" + i, i % 3 == 0 ? "Conv" : "Relu", org.socsim.graph.OpFeatures.NONE);
      for (int k = 0; k < fanIn; k++) {
        b.edge("v" + r.nextInt(i), "v" + i);
      }
    }
    return b.build();
  }

  @Test
  void registryFindsTheFoundationStrategies() {
    List<String> names = Strategies.all().stream().map(Strategy::name).toList();
    assertTrue(names.containsAll(List.of("solo-cpu", "solo-gpu", "replay", "greedy-eft", "heft")), names.toString());
  }

  /** Strategies that plan a single model without extra inputs (replay needs a recorded placement). */
  static List<String> planners() {
    return Strategies.all().stream().filter(s -> !(s instanceof OnlineStrategy)).map(Strategy::name)
        .filter(n -> !n.equals("replay") && !n.equals("solo-little") && !n.equals("solo-npu")).toList();
  }

  @Test
  void everyOnlineStrategyRunsEveryOpOnceInDependencyOrderDeterministically() {
    List<Strategy> online = Strategies.all().stream().filter(s -> s instanceof OnlineStrategy).toList();
    assertTrue(online.size() >= 5, online.toString());
    for (long seed = 1; seed <= 10; seed++) {
      ModelGraph g = randomDag(seed, 40);
      for (Strategy s : online) {
        List<org.socsim.runtime.JobStream> streams = List.of(
            new org.socsim.runtime.JobStream("a", g, COST, 3, 0, 0, 2, 5_000),
            new org.socsim.runtime.JobStream("b", g, COST, 2, 100, 0, 2, Double.NaN));
        var first = new org.socsim.engine.PolicySimulation(SOC, streams,
            ((OnlineStrategy) s).policy(SOC, PlanContext.of(2, COST)), org.socsim.engine.Dynamics.none(),
            org.socsim.engine.Workload.single()).run();
        var again = new org.socsim.engine.PolicySimulation(SOC, streams,
            ((OnlineStrategy) s).policy(SOC, PlanContext.of(2, COST)), org.socsim.engine.Dynamics.none(),
            org.socsim.engine.Workload.single()).run();
        assertEquals(5, first.jobs().size(), s.name());
        assertEquals(first.run().timeline().spans(), again.run().timeline().spans(), s.name() + " deterministic");
        for (var j : first.jobs()) {
          int[] pos = new int[g.size()];
          for (int k = 0; k < g.size(); k++) {
            pos[j.startOrder()[k]] = k + 1; // every op started exactly once
          }
          for (var e : g.edges()) {
            assertTrue(pos[e.producer()] > 0 && pos[e.producer()] < pos[e.consumer()], s.name() + " seed " + seed);
          }
          assertTrue(j.latencyUs() > 0 && j.finishUs() >= j.job().arrivalUs(), s.name());
        }
      }
    }
  }

  /**
   * An op no unit can run is a one-line error naming it (the scenario pipeline checks every graph before planning;
   * mosaic and pipeline, whose cost tables would otherwise take the cheapest infinity, check it themselves).
   */
  @Test
  void aGraphWithAnOpNoUnitRunsIsRefusedByName() {
    CostModel none = new CostModel() {
      @Override
      public double durationUs(Op op, Unit unit, int threads) {
        return COST.durationUs(op, unit, threads);
      }

      @Override
      public boolean supports(Op op, Unit unit) {
        return op.isJoin() || id(op) != 5;
      }
    };
    ModelGraph g = randomDag(3, 12);
    PlanContext ctx = PlanContext.of(2, none);
    for (Runnable r : List.<Runnable>of(() -> Plans.requireRunnable(g, SOC, ctx),
        () -> Strategies.byName("mosaic").plan(g, SOC, ctx), () -> Strategies.byName("pipeline").plan(g, SOC, ctx))) {
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class, r::run);
      assertEquals("no unit of t runs op v5", e.getMessage());
    }
    Plans.requireRunnable(g, SOC, PlanContext.of(2, COST));
  }

  /** solo-gpu on a SoC whose GPU is not named 'gpu' (an ncnn device's second Vulkan GPU, 'gpu1') uses that GPU. */
  @Test
  void soloGpuUsesTheFirstGpuWhateverItsName() {
    Soc soc = new Soc("t1", List.of(new Unit(0, "cpu", UnitKind.CPU, 4, 1, 2),
        new Unit(1, "gpu1", UnitKind.GPU, 1, 1, 1)), (a, b, e) -> 15.0);
    ExecutionPlan p = Strategies.byName("solo-gpu").plan(randomDag(2, 10), soc, PlanContext.of(2, COST));
    assertEquals(1, p.placement(1).unit());
  }

  @Test
  void everyStrategyGivesAValidDeterministicPlanOnRandomDags() {
    for (long seed = 1; seed <= 20; seed++) {
      ModelGraph g = randomDag(seed, 40);
      for (String name : planners()) {
        PlanContext ctx = PlanContext.of(2, COST);
        ExecutionPlan p = Strategies.byName(name).plan(g, SOC, ctx);
        ModelGraph pg = p.graph();
        RunResult r = new Simulation(g, SOC, p, COST).run();
        RunResult again = new Simulation(g, SOC, Strategies.byName(name).plan(g, SOC, ctx), COST).run();
        assertEquals(r.latencyUs(), again.latencyUs(), 0.0, name + " is not deterministic");
        // every op, or all of its slices, placed exactly once, slices summing to the whole op
        java.util.Map<String, Double> share = new java.util.HashMap<>();
        for (Op op : pg.ops()) {
          if (!op.isJoin()) {
            share.merge(op.origin(), op.fraction(), Double::sum);
          }
        }
        assertEquals(g.size(), share.size(), name);
        double frames = name.equals("pipeline") ? PipelineStrategy.FRAMES : 1.0;
        share.forEach((o, f) -> assertEquals(frames, f, 1e-9, name + ": slices of " + o));
        for (Op op : pg.ops()) {
          assertTrue(COST.supports(op, SOC.unit(p.placement(op.index()).unit())), name + " placed unsupported op");
        }
        double[] end = new double[pg.size()];
        double[] start = new double[pg.size()];
        for (Span s : r.timeline().spans()) {
          if (!s.kind().equals("transfer")) {
            int i = pg.indexOf(s.name());
            start[i] = s.startUs();
            end[i] = s.endUs();
          }
        }
        for (Edge e : pg.edges()) {
          assertTrue(start[e.consumer()] >= end[e.producer()] - 1e-9, name + ": dependency violated");
        }
        // no unit double-booked: spans of a single-stream unit never overlap
        for (int u = 0; u < SOC.units().size(); u++) {
          final int unit = u;
          List<Span> spans = r.timeline().spans().stream().filter(s -> s.unit() == unit)
              .sorted(java.util.Comparator.comparingDouble(Span::startUs)).toList();
          for (int k = 1; k < spans.size(); k++) {
            Span a = spans.get(k - 1);
            double aBusyEnd = a.endUs();
            assertTrue(spans.get(k).startUs() >= aBusyEnd - 1e-9, name + ": unit " + unit + " double-booked");
          }
        }
        // The plan's own graph (slices, joins, pipeline frames) bounds it from below: no schedule beats the
        // critical path of its ops each on its fastest unit (dispatch gaps left out: a true lower bound).
        double lowerBound = pg.criticalPathLength(op -> fastest(op, ctx));
        assertTrue(lowerBound > 0, name);
        assertTrue(r.latencyUs() >= lowerBound - 1e-6, name + " beat the critical path: " + r.latencyUs() + " < "
            + lowerBound);
      }
    }
  }

  @Test
  void aNewStrategyIsOneClassAndOneServiceLine() {
    // src/test/java/.../EveryOtherUnitStrategy.java + src/test/resources/META-INF/services/... register it
    Strategy s = Strategies.byName("every-other-unit");
    ModelGraph g = randomDag(3, 12);
    ExecutionPlan p = s.plan(g, SOC, PlanContext.of(1, COST));
    // It is found by name and does what it says: supported ops alternate over the units in topological order.
    int k = 0;
    int alternated = 0;
    for (int v : g.topologicalOrder()) {
      int want = k++ % SOC.units().size();
      if (COST.supports(g.op(v), SOC.unit(want))) {
        assertEquals(want, p.placement(v).unit(), "op " + g.op(v).name());
        alternated++;
      }
    }
    assertTrue(alternated > g.size() / 2, "only " + alternated + " of " + g.size() + " ops were placeable");
    assertTrue(new Simulation(g, SOC, p, COST).run().latencyUs() > 0);
  }

  @Test
  void granularityKeepsTheWorkAndChangesOnlyDispatchesAndSplits() {
    ModelGraph g = randomDag(5, 30);
    Unit cpu = SOC.unit(0);
    double total = g.ops().stream().mapToDouble(o -> COST.durationUs(o, cpu, 1)).sum();
    for (String spec : List.of("model", "subgraph:4", "op", "tile:3")) {
      Granularity gr = Granularity.apply(g, COST, spec);
      double sum = gr.graph().ops().stream().mapToDouble(o -> gr.cost().durationUs(o, cpu, 1)).sum();
      assertEquals(total, sum, 1e-6, spec);
      RunResult r = new Simulation(gr.graph(), SOC, Strategies.byName("solo-cpu").plan(gr.graph(), SOC,
          PlanContext.of(1, gr.cost())), gr.cost()).run();
      // solo on one unit: latency = work + one dispatch (2 us on cpu) per schedulable op
      assertEquals(total + 2.0 * gr.graph().ops().stream().filter(o -> !o.isJoin()).count()
          + 2.0 * gr.graph().ops().stream().filter(Op::isJoin).count(), r.latencyUs(), 1e-6, spec);
    }
    assertEquals(1, Granularity.apply(g, COST, "model").graph().size());
    assertEquals(8, Granularity.apply(g, COST, "subgraph:4").graph().size());
    assertThrows(IllegalArgumentException.class, () -> Granularity.apply(g, COST, "subgraph:0"));
  }

  @Test
  void heftBeatsBothSoloPlacementsOnAForkJoin() {
    ModelGraph.Builder b = new ModelGraph.Builder("fj");
    for (int i = 1; i <= 6; i++) {
      b.edge("v0", "v" + i).edge("v" + i, "v7");
    }
    ModelGraph g = b.build();
    PlanContext ctx = PlanContext.of(4, COST);
    double heft = latency(g, "heft", ctx);
    assertTrue(heft < latency(g, "solo-cpu", ctx));
    assertTrue(heft < latency(g, "solo-gpu", ctx));
  }

  static double latency(ModelGraph g, String s, PlanContext ctx) {
    return new Simulation(g, SOC, Strategies.byName(s).plan(g, SOC, ctx), COST).run().latencyUs();
  }

  static double fastest(Op op, PlanContext ctx) {
    double best = Double.POSITIVE_INFINITY;
    for (Unit u : SOC.units()) {
      if (COST.supports(op, u)) {
        best = Math.min(best, COST.durationUs(op, u, Plans.threadsOn(u, ctx.threads())));
      }
    }
    return best;
  }
}
