package org.socsim.strategy;

import org.socsim.graph.ModelGraph;
import org.socsim.graph.Op;
import org.socsim.plan.ExecutionPlan;
import org.socsim.plan.Placement;
import org.socsim.soc.Soc;
import org.socsim.soc.Unit;

/** The smallest possible strategy, as a template: alternate ops over the units that support them. */
public final class EveryOtherUnitStrategy implements Strategy {
  @Override
  public String name() {
    return "every-other-unit";
  }

  @Override
  public String description() {
    return "example: ops alternate over units in topological order";
  }

  @Override
  public ExecutionPlan plan(ModelGraph g, Soc soc, PlanContext ctx) {
    Placement[] p = new Placement[g.size()];
    int k = 0;
    for (int v : g.topologicalOrder()) {
      Op o = g.op(v);
      Unit u = soc.unit(k++ % soc.units().size());
      if (!ctx.cost().supports(o, u)) {
        u = Plans.fallbackCpu(soc);
      }
      p[v] = new Placement(v, u.index(), Plans.threadsOn(u, ctx.threads()));
    }
    return ExecutionPlan.withTransfers(name(), g, soc, p, g.topologicalOrder(), c -> true, java.util.List.of());
  }
}
