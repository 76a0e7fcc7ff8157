package org.socsim.strategy;

import org.socsim.soc.CostModel;

/**
 * What a strategy may consult: the run's CPU threads per op, the cost model (which also answers operator support),
 * the seed, and the values of the options the strategy declares ({@link Strategy#options()}).
 */
public record PlanContext(int threads, CostModel cost, long seed, StrategyOptions options) {
  public PlanContext {
    if (threads < 1) {
      throw new IllegalArgumentException("threads must be >= 1");
    }
    if (options == null) {
      options = StrategyOptions.NONE;
    }
  }

  public static PlanContext of(int threads, CostModel cost) {
    return new PlanContext(threads, cost, 1L, StrategyOptions.NONE);
  }
}
