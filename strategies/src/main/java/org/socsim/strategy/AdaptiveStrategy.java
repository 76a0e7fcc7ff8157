package org.socsim.strategy;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.ToDoubleFunction;
import org.socsim.engine.Simulation;
import org.socsim.graph.ModelGraph;
import org.socsim.plan.ExecutionPlan;
import org.socsim.soc.Soc;

/**
 * The study's cross-level, profiling-driven proposal: try candidate strategies of different levels (whole-model
 * placement, op-level DAG scheduling, intra-op splitting), observe each one's latency by running it (here, in the
 * simulator), and keep the fastest. Candidates that cannot run on the SoC are skipped. The scenario pipeline
 * observes each candidate under the run's own workload and dynamics ({@link #SCORE}); alone, a candidate is one
 * inference on an idle SoC.
 */
public final class AdaptiveStrategy implements Strategy {
  /**
   * How a candidate plan is observed, in us (lower is better). Set by the scenario pipeline to the candidate's
   * typical request latency under the scenario's requests, background load, DRAM bandwidth, governor and thermal
   * model; unset, one inference of the plan alone.
   */
  public static final StrategyOption<ToDoubleFunction<ExecutionPlan>> SCORE = new StrategyOption<>("score",
      "a function of the candidate plan", "set by the scenario pipeline: each candidate simulated under the run's"
      + " workload and dynamics", null, null);

  @Override
  public List<StrategyOption<?>> options() {
    return List.of(SCORE);
  }
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
    ToDoubleFunction<ExecutionPlan> score = ctx.options().get(SCORE);
    for (String c : CANDIDATES) {
      ExecutionPlan p;
      double us;
      try {
        p = Strategies.byName(c).plan(g, soc, ctx);
        us = score != null ? score.applyAsDouble(p) : new Simulation(g, soc, p, ctx.cost()).run().latencyUs();
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
