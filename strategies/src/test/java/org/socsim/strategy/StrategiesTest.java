package org.socsim.strategy;

import static org.junit.jupiter.api.Assertions.assertEquals;
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

  /** GPU is 3x faster than 1 CPU thread on even ops and lacks every op whose index is divisible by 7. */
  static final CostModel COST = new CostModel() {
    @Override
    public double durationUs(Op op, Unit unit, int threads) {
      double base = 60 + 13 * (op.index() % 5);
      return unit.isCpu() ? base / threads : (op.index() % 2 == 0 ? base / 3 : base * 1.5);
    }

    @Override
    public boolean supports(Op op, Unit unit) {
      return unit.isCpu() || op.index() % 7 != 0;
    }
  };

  static ModelGraph randomDag(long seed, int n) {
    Random r = new Random(seed);
    ModelGraph.Builder b = new ModelGraph.Builder("rand" + seed);
    b.op("v0");
    for (int i = 1; i < n; i++) {
      int fanIn = 1 + r.nextInt(2);
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

  @Test
  void everyStrategyGivesAValidDeterministicPlanOnRandomDags() {
    for (long seed = 1; seed <= 20; seed++) {
      ModelGraph g = randomDag(seed, 40);
      for (String name : List.of("solo-cpu", "solo-gpu", "greedy-eft", "heft")) {
        PlanContext ctx = PlanContext.of(2, COST);
        ExecutionPlan p = Strategies.byName(name).plan(g, SOC, ctx);
        RunResult r = new Simulation(g, SOC, p, COST).run();
        RunResult again = new Simulation(g, SOC, Strategies.byName(name).plan(g, SOC, ctx), COST).run();
        assertEquals(r.latencyUs(), again.latencyUs(), 0.0, name);
        assertEquals(g.size(), r.timeline().spans().stream().filter(s -> s.kind().equals("op")).count());
        for (Op op : g.ops()) {
          assertTrue(COST.supports(op, SOC.unit(p.placement(op.index()).unit())), name + " placed unsupported op");
        }
        double[] end = new double[g.size()];
        double[] start = new double[g.size()];
        for (Span s : r.timeline().spans()) {
          if (s.kind().equals("op")) {
            int i = g.indexOf(s.name());
            start[i] = s.startUs();
            end[i] = s.endUs();
          }
        }
        for (Edge e : g.edges()) {
          assertTrue(start[e.consumer()] >= end[e.producer()], name + ": dependency violated");
        }
        double lowerBound = g.criticalPathLength(op -> fastest(op, ctx));
        assertTrue(r.latencyUs() >= lowerBound - 1e-9, name + " beat the critical path");
      }
    }
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
