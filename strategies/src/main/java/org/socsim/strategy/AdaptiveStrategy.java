package org.socsim.strategy;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.socsim.engine.Simulation;
import org.socsim.graph.ModelGraph;
import org.socsim.plan.ExecutionPlan;
import org.socsim.soc.Soc;

/**
 * The study's cross-level, profiling-driven proposal: try candidate strategies of different levels (whole-model
 * placement, op-level DAG scheduling, intra-op splitting), observe each one's latency by running it (here, in the
 * simulator), and keep the fastest. Candidates that cannot run on the SoC are skipped.
 */
public final class AdaptiveStrategy implements Strategy {
  static final List<String> CANDIDATES = List.of("solo-cpu", "solo-gpu", "solo-little", "solo-npu", "greedy-eft",
      "heft", "cpop", "hope-greedy", "mosaic", "branch-parallel", "channel-split", "codl");

  @Override
  public String name() {
    return "adaptive";
  }

  @Override
  public String description() {
    return "profiling-driven: runs solo, DAG-scheduling and co-execution candidates, keeps the fastest observed";
  }

  @Override
  public ExecutionPlan plan(ModelGraph g, Soc soc, PlanContext ctx) {
    ExecutionPlan best = null;
    double bestUs = Double.POSITIVE_INFINITY;
    String bestName = "";
    List<String> observed = new ArrayList<>();
    for (String c : CANDIDATES) {
      ExecutionPlan p;
      double us;
      try {
        p = Strategies.byName(c).plan(g, soc, ctx);
        us = new Simulation(g, soc, p, ctx.cost()).run().latencyUs();
      } catch (IllegalArgumentException notHere) {
        continue;
      }
      observed.add(String.format(Locale.ROOT, "%s %.3f ms", c, us / 1000));
      if (us < bestUs) {
        bestUs = us;
        best = p;
        bestName = c;
      }
    }
    if (best == null) {
      throw new IllegalArgumentException("adaptive: no candidate strategy can run " + g.name() + " on " + soc.name());
    }
    List<String> notes = new ArrayList<>(best.notes());
    notes.add("adaptive picked " + bestName + " (observed: " + String.join(", ", observed) + ")");
    return new ExecutionPlan(name() + ":" + bestName, best.graph(), soc, best.placements().toArray(
        new org.socsim.plan.Placement[0]), best.transfers(), best.issueOrder(), notes, best.fallbacks());
  }
}
