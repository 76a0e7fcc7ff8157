package org.socsim.strategy;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.socsim.soc.CostModel;

/**
 * What a strategy may consult.
 *
 * @param threads      CPU threads per op
 * @param cost         op latency model (also answers operator support)
 * @param seed         for strategies that randomise
 * @param placement    for {@code replay}: op name to unit id; empty otherwise
 * @param issueOrder   for {@code replay}: op names in the order they were issued; empty for topological order
 * @param copyAt       for {@code replay}: consumers whose cross-unit inputs are copied explicitly; {@code null}
 *                     means every consumer
 * @param sloUs        for multi-DNN workloads: latency objective per job (op-name prefix before {@code |})
 */
public record PlanContext(int threads, CostModel cost, long seed, Map<String, String> placement,
    List<String> issueOrder, Set<String> copyAt, Map<String, Double> sloUs) {
  public PlanContext {
    if (threads < 1) {
      throw new IllegalArgumentException("threads must be >= 1");
    }
    placement = Map.copyOf(placement);
    issueOrder = List.copyOf(issueOrder);
    copyAt = copyAt == null ? null : Set.copyOf(copyAt);
    sloUs = Map.copyOf(sloUs);
  }

  public PlanContext(int threads, CostModel cost, long seed, Map<String, String> placement, List<String> issueOrder,
      Set<String> copyAt) {
    this(threads, cost, seed, placement, issueOrder, copyAt, Map.of());
  }

  public static PlanContext of(int threads, CostModel cost) {
    return new PlanContext(threads, cost, 1L, Map.of(), List.of(), null, Map.of());
  }
}
