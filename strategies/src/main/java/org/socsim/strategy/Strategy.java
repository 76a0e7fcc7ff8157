package org.socsim.strategy;

import org.socsim.graph.ModelGraph;
import org.socsim.plan.ExecutionPlan;
import org.socsim.soc.Soc;

/**
 * A partitioning/scheduling policy: decides where each op runs, with how many threads, and in which order ops
 * are issued. Implementations are registered with {@link java.util.ServiceLoader} (one line in
 * {@code META-INF/services/org.socsim.strategy.Strategy}) and must be deterministic for a given context.
 */
public interface Strategy {
  /** Stable name used on the command line ({@code heft}, {@code solo-gpu}). */
  String name();

  /** One line for {@code socsim list strategies}. */
  String description();

  ExecutionPlan plan(ModelGraph graph, Soc soc, PlanContext ctx);

  /** The typed options this strategy reads from {@link PlanContext#options()} ({@code socsim list strategies}). */
  default java.util.List<StrategyOption<?>> options() {
    return java.util.List.of();
  }
}
