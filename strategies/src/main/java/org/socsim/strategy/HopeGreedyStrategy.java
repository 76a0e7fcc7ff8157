package org.socsim.strategy;

import java.util.Arrays;
import java.util.List;
import org.socsim.graph.ModelGraph;
import org.socsim.graph.Op;
import org.socsim.plan.ExecutionPlan;
import org.socsim.soc.Soc;
import org.socsim.soc.Unit;

/**
 * HOPE's greedy heuristic: the critical path (with each op at its fastest unit's cost) stays on each op's fastest
 * unit; ops off the path (parallel branches) go wherever they finish earliest, so branches overlap the path.
 */
public final class HopeGreedyStrategy implements Strategy {
  @Override
  public String name() {
    return "hope-greedy";
  }

  @Override
  public String description() {
    return "HOPE greedy: critical-path ops on their fastest unit, parallel branches placed earliest-finish beside it";
  }

  @Override
  public ExecutionPlan plan(ModelGraph g, Soc soc, PlanContext ctx) {
    int[] pinned = new int[g.size()];
    Arrays.fill(pinned, -1);
    List<Integer> path = g.criticalPath(o -> fastest(o, soc, ctx)[1]);
    for (int v : path) {
      pinned[v] = (int) fastest(g.op(v), soc, ctx)[0];
    }
    Ranks r = Ranks.of(g, soc, ctx);
    double[] key = new double[g.size()];
    for (int i = 0; i < key.length; i++) {
      key[i] = -r.up()[i];
    }
    return Eft.schedule(name(), g, soc, ctx, Plans.orderBy(g, key), pinned);
  }

  /** {unit index, duration} of the unit that runs {@code o} fastest. */
  static double[] fastest(Op o, Soc soc, PlanContext ctx) {
    double best = Double.POSITIVE_INFINITY;
    int unit = Plans.fallbackCpu(soc).index();
    for (Unit u : soc.units()) {
      if (ctx.cost().supports(o, u)) {
        double d = ctx.cost().durationUs(o, u, Plans.threadsOn(u, ctx.threads()));
        if (d < best) {
          best = d;
          unit = u.index();
        }
      }
    }
    return new double[] {unit, best};
  }
}
