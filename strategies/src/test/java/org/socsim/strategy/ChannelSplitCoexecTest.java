package org.socsim.strategy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.socsim.engine.Simulation;
import org.socsim.graph.ModelGraph;
import org.socsim.graph.Op;
import org.socsim.graph.OpFeatures;
import org.socsim.plan.ExecutionPlan;
import org.socsim.soc.CoexecFit;
import org.socsim.soc.CostModel;
import org.socsim.soc.Soc;
import org.socsim.soc.TransferModel;
import org.socsim.soc.Unit;
import org.socsim.soc.UnitKind;

class ChannelSplitCoexecTest {
  static final TransferModel LINK = (a, b, e) -> 20.0 + (e.bytesKnown() ? e.bytes() * 1e-4 : 50.0);
  static final List<Unit> UNITS = List.of(new Unit(0, "cpu", UnitKind.CPU, 4, 1, 0),
      new Unit(1, "gpu", UnitKind.GPU, 1, 1, 0));

  /** A 1 ms CPU conv that the GPU runs in 0.8 ms: balancing splits it near 0.56. */
  static final CostModel COST = new CostModel() {
    @Override
    public double durationUs(Op op, Unit unit, int threads) {
      return op.isJoin() ? 0 : op.fraction() * (unit.isCpu() ? 1000 : 800);
    }

    @Override
    public boolean supports(Op op, Unit unit) {
      return true;
    }
  };

  static ModelGraph conv() {
    OpFeatures feat = new OpFeatures("dense", 1e8, 2e8, 400_000, 400_000, 1000, 3, 1, 1, 64, 64);
    ModelGraph.Builder b = new ModelGraph.Builder("one");
    b.op("in", "Input", OpFeatures.NONE);
    b.op("conv", "Conv", feat);
    b.op("out", "Relu", OpFeatures.NONE);
    return b.edge("in", "conv", 400_000, "").edge("conv", "out", 400_000, "").build();
  }

  static CoexecFit.Spec spec(double fixedUs) {
    return new CoexecFit.Spec(fixedUs, 1e-5, 0.1, 1, 1, 0, 0, "test");
  }

  static double slice(ExecutionPlan p, String name) {
    return p.graph().ops().stream().filter(o -> o.name().equals(name)).findFirst().map(Op::fraction).orElse(0.0);
  }

  @Test
  void withoutAFitTheRatioBalancesAndJoinsAreFree() {
    Soc soc = new Soc("plain", UNITS, LINK);
    ExecutionPlan p = new ChannelSplitStrategy().plan(conv(), soc, PlanContext.of(1, COST));
    assertEquals(1000.0 / 1800, slice(p, "conv@gpu"), 1e-12);
    assertTrue(p.notes().stream().noneMatch(n -> n.contains("co-execution overhead")));
  }

  /** --split-fraction 0 / 1: a fixed share too small or too large to split puts the op whole on that unit. */
  @Test
  void aFixedShareAtTheEndsPutsTheOpWholeOnThatUnit() {
    Soc soc = new Soc("plain", UNITS, LINK);
    ChannelSplitStrategy st = new ChannelSplitStrategy();
    for (String f : List.of("0", "0.03", "0.97", "1")) {
      PlanContext ctx = new PlanContext(1, COST, 1L, StrategyOptions.parse(st, java.util.Map.of("gpu-share", f)));
      ExecutionPlan p = st.plan(conv(), soc, ctx);
      assertEquals(3, p.graph().size(), f);
      int conv = p.graph().indexOf("conv");
      assertEquals(Double.parseDouble(f) > 0.5 ? 1 : 0, p.placement(conv).unit(), "gpu-share " + f);
    }
    PlanContext half = new PlanContext(1, COST, 1L, StrategyOptions.parse(st, java.util.Map.of("gpu-share", "0.5")));
    assertEquals(0.5, slice(st.plan(conv(), soc, half), "conv@gpu"), 1e-12);
    Soc cpuOnly = new Soc("cpu-only", UNITS.subList(0, 1), LINK);
    IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
        () -> st.plan(conv(), cpuOnly, half));
    assertTrue(e.getMessage().contains("needs a GPU; cpu-only has none"), e.getMessage());
  }

  @Test
  void aLargeOverheadKeepsTheOpWhole() {
    Soc soc = new Soc("fit", UNITS, new CoexecFit.Carrier(LINK, spec(5000)));
    ExecutionPlan p = new ChannelSplitStrategy().plan(conv(), soc, PlanContext.of(1, COST));
    assertEquals(0.0, slice(p, "conv@gpu"));
    assertEquals(3, p.graph().size());
  }

  @Test
  void aSmallOverheadSplitsAndTheSimulatorPaysIt() {
    Soc plainSoc = new Soc("plain", UNITS, LINK);
    Soc soc = new Soc("fit", UNITS, new CoexecFit.Carrier(LINK, spec(10)));
    ExecutionPlan p = new ChannelSplitStrategy().plan(conv(), soc, PlanContext.of(1, COST));
    double f = slice(p, "conv@gpu");
    assertTrue(f > ChannelSplitStrategy.MIN_SHARE && f < 1 - ChannelSplitStrategy.MIN_SHARE, "split at " + f);
    // the chosen share is the best of the 1 % grid the simulator would run
    double chosen = new Simulation(p.graph(), soc, p, COST).run().latencyMs();
    double overheadMs = spec(10).callOverheadUs(400_000, 1000) / 1000;
    ExecutionPlan plain = new ChannelSplitStrategy().plan(conv(), plainSoc, PlanContext.of(1, COST));
    double free = new Simulation(plain.graph(), plainSoc, plain, COST).run().latencyMs();
    assertTrue(chosen > free, chosen + " vs " + free);
    assertTrue(chosen >= overheadMs);
    assertTrue(p.notes().stream().anyMatch(n -> n.contains("co-execution overhead")));
  }

  @Test
  void codlUsesTheFitToo() {
    Soc soc = new Soc("fit", UNITS, new CoexecFit.Carrier(LINK, spec(5000)));
    ExecutionPlan p = new ChannelSplitStrategy.Codl().plan(conv(), soc, PlanContext.of(1, COST));
    assertEquals(3, p.graph().size());
  }

  @Test
  void tilesPayTheFitOnlyWithOne() {
    ModelGraph g = conv();
    Granularity plain = Granularity.apply(g, COST, "tile:4");
    Granularity same = Granularity.apply(g, COST, "tile:4", new Soc("plain", UNITS, LINK));
    Granularity fit = Granularity.apply(g, COST, "tile:4", new Soc("fit", UNITS, new CoexecFit.Carrier(LINK,
        spec(100))));
    Op join = plain.graph().ops().stream().filter(Op::isJoin).findFirst().orElseThrow();
    Op tile = plain.graph().ops().stream().filter(o -> o.name().equals("conv#tile0")).findFirst().orElseThrow();
    assertEquals(0.0, plain.cost().durationUs(join, UNITS.get(0), 1));
    assertEquals(0.0, same.cost().durationUs(join, UNITS.get(0), 1));
    assertEquals(250.0, plain.cost().durationUs(tile, UNITS.get(0), 1), 1e-9);
    assertEquals(plain.graph().edges(), same.graph().edges());
    assertEquals(100 + 4.0, fit.cost().durationUs(join, UNITS.get(0), 1), 1e-9);
    assertEquals(250.0 + 100.0, fit.cost().durationUs(tile, UNITS.get(0), 1), 1e-9);
    assertEquals(200.0, fit.cost().durationUs(tile, UNITS.get(1), 1), 1e-9);
  }

  @Test
  void unsplitOpsDoNotBounceBetweenUnitsForTheirCopies() {
    // ten elementwise ops (nothing to split), alternately 10 % faster on the GPU and on the CPU; a copy costs 60 us.
    // Op by op on the faster unit pays a copy at every op; the plan keeps them on one unit instead.
    CostModel alternating = new CostModel() {
      @Override
      public double durationUs(Op op, Unit unit, int threads) {
        if (op.isJoin() || !op.name().startsWith("e")) {
          return 0;
        }
        boolean gpuFaster = Integer.parseInt(op.name().substring(1)) % 2 == 0;
        return unit.isCpu() == gpuFaster ? 100 : 90;
      }

      @Override
      public boolean supports(Op op, Unit unit) {
        return true;
      }
    };
    ModelGraph.Builder b = new ModelGraph.Builder("chain");
    b.op("in", "Input", OpFeatures.NONE);
    String prev = "in";
    for (int i = 0; i < 10; i++) {
      b.op("e" + i, "Relu", new OpFeatures("elementwise", 0, 1e5, 400_000, 400_000, 0, 0, 0, 0, 0, 0));
      b.edge(prev, "e" + i, 400_000, "");
      prev = "e" + i;
    }
    ModelGraph g = b.build();
    Soc soc = new Soc("plain", UNITS, LINK);
    PlanContext ctx = PlanContext.of(1, alternating);
    ExecutionPlan split = new ChannelSplitStrategy().plan(g, soc, ctx);
    ExecutionPlan cpuOnly = Plans.solo("solo", g, soc, ctx, UNITS.get(0));
    double splitMs = new Simulation(split.graph(), soc, split, alternating).run().latencyMs();
    double cpuMs = new Simulation(g, soc, cpuOnly, alternating).run().latencyMs();
    assertTrue(split.transfers().size() <= 1, split.transfers().toString());
    assertTrue(splitMs <= cpuMs + 1e-9, splitMs + " ms vs " + cpuMs + " ms on the CPU alone");
    assertTrue(split.notes().get(0).contains("counting the copies of their inputs"), split.notes().toString());
  }
}
