package org.socsim.strategy;

import java.util.Arrays;
import org.socsim.graph.ModelGraph;
import org.socsim.graph.Op;
import org.socsim.plan.ExecutionPlan;
import org.socsim.soc.Soc;
import org.socsim.soc.Unit;

/**
 * CPOP (Topcuoglu et al. 2002): priority = upward + downward rank; the critical path (ops whose priority equals
 * the entry's) goes to the one unit that runs it fastest in total; the other ops go where they finish earliest.
 */
public final class CpopStrategy implements Strategy {
  @Override
  public String name() {
    return "cpop";
  }

  @Override
  public String description() {
    return "CPOP: critical path pinned to the unit that runs it fastest, other ops earliest-finish";
  }

  @Override
  public ExecutionPlan plan(ModelGraph g, Soc soc, PlanContext ctx) {
    Ranks r = Ranks.of(g, soc, ctx);
    int n = g.size();
    double[] prio = new double[n];
    double cp = 0;
    for (int i = 0; i < n; i++) {
      prio[i] = r.up()[i] + r.down()[i];
      cp = Math.max(cp, prio[i]);
    }
    boolean[] onPath = new boolean[n];
    for (int i = 0; i < n; i++) {
      onPath[i] = Math.abs(prio[i] - cp) <= 1e-9 * Math.max(1, cp);
    }
    Unit best = null;
    double bestSum = Double.POSITIVE_INFINITY;
    for (Unit u : soc.units()) {
      double sum = 0;
      for (int i = 0; i < n; i++) {
        if (onPath[i]) {
          Op o = g.op(i);
          sum += ctx.cost().supports(o, u) ? ctx.cost().durationUs(o, u, Plans.threadsOn(u, ctx.threads()))
              : Double.POSITIVE_INFINITY;
        }
      }
      if (sum < bestSum) {
        bestSum = sum;
        best = u;
      }
    }
    int[] pinned = new int[n];
    Arrays.fill(pinned, -1);
    for (int i = 0; i < n; i++) {
      if (onPath[i] && best != null) {
        pinned[i] = best.index();
      }
    }
    double[] key = new double[n];
    for (int i = 0; i < n; i++) {
      key[i] = -prio[i];
    }
    return Eft.schedule(name(), g, soc, ctx, Plans.orderBy(g, key), pinned);
  }
}
