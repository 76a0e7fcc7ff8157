package org.socsim.strategy.online;

import java.util.List;
import org.socsim.runtime.Job;
import org.socsim.runtime.ReadyOp;
import org.socsim.runtime.RuntimePolicy;
import org.socsim.runtime.RuntimeView;
import org.socsim.soc.Soc;
import org.socsim.strategy.OnlineStrategy;
import org.socsim.strategy.PlanContext;

/**
 * {@code least-slack-first} (Band-style): a ready op joins the unit where it would finish first; a free unit starts
 * the waiting op whose request has the least slack, slack = deadline - now - expected remaining work. Requests
 * without an SLO have infinite slack and go first come, first served behind those with one.
 */
public final class LeastSlackFirst implements OnlineStrategy {
  @Override
  public String name() {
    return "least-slack-first";
  }

  @Override
  public String description() {
    return "run-time: each ready op on its earliest-finish unit; a free unit starts the op of the request with the"
        + " least slack (SLO deadline - now - remaining work; --slo-ms)";
  }

  /** Slack of a job now: deadline minus now minus its expected remaining work. */
  public static double slackUs(Job job, RuntimeView view) {
    return job.deadlineUs() - view.nowUs() - view.remainingUs(job);
  }

  @Override
  public RuntimePolicy policy(Soc soc, PlanContext ctx) {
    return new RuntimePolicy() {
      @Override
      public int place(ReadyOp op, RuntimeView view) {
        return Choices.earliestFinish(op, view);
      }

      @Override
      public int pick(int unit, List<ReadyOp> waiting, RuntimeView view) {
        int best = 0;
        double bestSlack = Double.POSITIVE_INFINITY;
        for (int k = 0; k < waiting.size(); k++) {
          double s = slackUs(waiting.get(k).job(), view);
          if (s < bestSlack) {
            bestSlack = s;
            best = k;
          }
        }
        return best;
      }
    };
  }
}
