package org.socsim.strategy;

import org.socsim.graph.ModelGraph;
import org.socsim.plan.ExecutionPlan;
import org.socsim.soc.Soc;

/** Greedy earliest-finish-time placement in the graph's topological order (HOPE's greedy baseline). */
public final class GreedyEftStrategy implements Strategy {
  @Override
  public String name() {
    return "greedy-eft";
  }

  @Override
  public String description() {
    return "ops in topological order, each on the unit where it finishes earliest (copies and queue backlog counted)";
  }

  @Override
  public ExecutionPlan plan(ModelGraph graph, Soc soc, PlanContext ctx) {
    return Eft.schedule(name(), graph, soc, ctx, graph.topologicalOrder());
  }
}
