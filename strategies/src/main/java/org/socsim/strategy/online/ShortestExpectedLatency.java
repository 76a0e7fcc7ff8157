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

/**
 * {@code shortest-expected-latency}: each arriving request goes whole to the unit where it is expected to finish
 * first, given what is queued there and the work already promised to it by earlier requests.
 */
public final class ShortestExpectedLatency implements OnlineStrategy {
  @Override
  public String name() {
    return "shortest-expected-latency";
  }

  @Override
  public String description() {
    return "run-time: each arriving request whole on the unit where it is expected to finish first";
  }

  @Override
  public RuntimePolicy policy(Soc soc, PlanContext ctx) {
    return new RuntimePolicy() {
      private final Map<Integer, Integer> unitOfJob = new HashMap<>();
      /** Expected work promised to each unit whose ops are not yet ready. */
      private final double[] promisedUs = new double[soc.units().size()];

      @Override
      public void arrived(Job job, RuntimeView view) {
        int best = 0;
        double bestF = Double.POSITIVE_INFINITY;
        for (int u = 0; u < promisedUs.length; u++) {
          double f = view.backlogUs(u) + promisedUs[u] + Choices.jobUs(job, u, view);
          if (f < bestF) {
            bestF = f;
            best = u;
          }
        }
        unitOfJob.put(job.id(), best);
        promisedUs[best] += Choices.jobUs(job, best, view);
      }

      @Override
      public int place(ReadyOp op, RuntimeView view) {
        int u = unitOfJob.get(op.job().id());
        double e = view.expectedUs(op, u);
        promisedUs[u] = Math.max(0, promisedUs[u] - (Double.isFinite(e) ? e : 0));
        return u;
      }
    };
  }
}
