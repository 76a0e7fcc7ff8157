package org.socsim.strategy.online;

import java.util.HashMap;
import java.util.Map;
import org.socsim.runtime.Job;
import org.socsim.runtime.ReadyOp;
import org.socsim.runtime.RuntimePolicy;
import org.socsim.runtime.RuntimeView;
import org.socsim.soc.Soc;
import org.socsim.strategy.OnlineStrategy;
import org.socsim.strategy.PlanContext;

/** {@code round-robin}: each arriving request goes whole to the next unit in turn, ignoring cost. */
public final class RoundRobin implements OnlineStrategy {
  @Override
  public String name() {
    return "round-robin";
  }

  @Override
  public String description() {
    return "run-time: each arriving request whole on the next unit in turn, ignoring cost";
  }

  @Override
  public RuntimePolicy policy(Soc soc, PlanContext ctx) {
    return new RuntimePolicy() {
      private final Map<Integer, Integer> unitOfJob = new HashMap<>();
      private int next;

      @Override
      public void arrived(Job job, RuntimeView view) {
        unitOfJob.put(job.id(), next++ % view.soc().units().size());
      }

      @Override
      public int place(ReadyOp op, RuntimeView view) {
        return unitOfJob.get(op.job().id());
      }
    };
  }
}
