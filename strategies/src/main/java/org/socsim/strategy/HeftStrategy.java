package org.socsim.strategy;

import org.socsim.graph.ModelGraph;
import org.socsim.plan.ExecutionPlan;
import org.socsim.soc.Soc;

/**
 * HEFT (Topcuoglu et al. 2002): ops by decreasing upward rank (mean cost plus the longest mean-cost path to an
 * exit, copies included), each placed where it finishes earliest.
 */
public final class HeftStrategy implements Strategy {
  @Override
  public String name() {
    return "heft";
  }

  @Override
  public String description() {
    return "HEFT: ops by decreasing upward rank, each on its earliest-finish unit";
  }

  @Override
  public ExecutionPlan plan(ModelGraph graph, Soc soc, PlanContext ctx) {
    double[] up = Ranks.of(graph, soc, ctx).up();
    double[] key = new double[up.length];
    for (int i = 0; i < up.length; i++) {
      key[i] = -up[i];
    }
    return Eft.schedule(name(), graph, soc, ctx, Plans.orderBy(graph, key));
  }
}
