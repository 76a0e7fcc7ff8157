package org.socsim.study;

import org.socsim.graph.ModelGraph;
import org.socsim.plan.ExecutionPlan;
import org.socsim.soc.Soc;
import org.socsim.strategy.PlanContext;
import org.socsim.strategy.Plans;
import org.socsim.strategy.Strategy;

/**
 * A strategy that exists only on the test classpath (registered in this module's test resources,
 * META-INF/services/org.socsim.strategy.Strategy): shows that {@code reproduce --strategies} takes any registered
 * strategy without code edits. Plans the whole model on the CPU, under its own name.
 */
public final class TestOnlyStudyStrategy implements Strategy {
  @Override
  public String name() {
    return "test-only-study";
  }

  @Override
  public String description() {
    return "test only: the whole model on the CPU (reproduce --strategies test)";
  }

  @Override
  public ExecutionPlan plan(ModelGraph g, Soc soc, PlanContext ctx) {
    return Plans.solo(name(), g, soc, ctx, Plans.fallbackCpu(soc));
  }
}
