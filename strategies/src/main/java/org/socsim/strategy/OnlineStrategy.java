package org.socsim.strategy;

import org.socsim.graph.ModelGraph;
import org.socsim.plan.ExecutionPlan;
import org.socsim.runtime.RuntimePolicy;
import org.socsim.soc.Soc;

/**
 * A strategy that decides at run time: instead of a plan made before the run, it gives the engine a
 * {@link RuntimePolicy} that is asked where each ready op goes and which waiting op a free unit starts, with a
 * read-only view of the run (queues, busy units, time, observed latencies). Jobs (requests of each model) are
 * first-class. Adding one is one class implementing this interface plus one line in
 * {@code META-INF/services/org.socsim.strategy.Strategy} (see {@code org.socsim.strategy.online}).
 */
public interface OnlineStrategy extends Strategy {
  /** A fresh policy for one run (it may keep state). */
  RuntimePolicy policy(Soc soc, PlanContext ctx);

  /** Online strategies have no plan before the run; the scenario pipeline runs them through their policy. */
  @Override
  default ExecutionPlan plan(ModelGraph graph, Soc soc, PlanContext ctx) {
    throw new IllegalArgumentException(name() + " decides at run time (a run-time policy): run it with `socsim run`"
        + " or a sweep, not as a plan");
  }
}
