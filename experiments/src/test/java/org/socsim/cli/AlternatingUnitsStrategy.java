package org.socsim.cli;

import java.util.List;
import org.socsim.graph.ModelGraph;
import org.socsim.graph.Op;
import org.socsim.plan.ExecutionPlan;
import org.socsim.plan.Placement;
import org.socsim.soc.Soc;
import org.socsim.soc.Unit;
import org.socsim.strategy.PlanContext;
import org.socsim.strategy.Strategy;

/**
 * A researcher's new strategy, added the documented way and nothing else: this class plus one line in this
 * module's test resources {@code META-INF/services/org.socsim.strategy.Strategy}. {@link ResearcherLoopTest} shows
 * it in sweeps, {@code socsim compare} and among adaptive's candidates without edits anywhere else. Ops alternate
 * over the units in topological order (the slowest sensible plan: a copy at almost every edge).
 */
public final class AlternatingUnitsStrategy implements Strategy {
  public static final String NAME = "alternating-units";

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public String description() {
    return "test fixture: ops alternate over units in topological order";
  }

  @Override
  public ExecutionPlan plan(ModelGraph g, Soc soc, PlanContext ctx) {
    Placement[] p = new Placement[g.size()];
    int k = 0;
    Unit cpu = soc.units().stream().filter(Unit::isCpu).findFirst().orElseThrow();
    for (int v : g.topologicalOrder()) {
      Op o = g.op(v);
      Unit u = soc.unit(k++ % soc.units().size());
      if (!ctx.cost().supports(o, u)) {
        u = cpu;
      }
      p[v] = new Placement(v, u.index(), u.isCpu() ? Math.min(ctx.threads(), u.cores()) : 1);
    }
    return ExecutionPlan.withTransfers(name(), g, soc, p, g.topologicalOrder(), c -> true, List.of());
  }
}
