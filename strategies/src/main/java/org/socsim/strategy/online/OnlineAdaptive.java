package org.socsim.strategy.online;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.socsim.runtime.ReadyOp;
import org.socsim.runtime.RuntimePolicy;
import org.socsim.runtime.RuntimeView;
import org.socsim.soc.Soc;
import org.socsim.strategy.OnlineStrategy;
import org.socsim.strategy.PlanContext;

/**
 * {@code adaptive-online}: profiles at run time, as the seed study's "runtime latency profiling" suggests. It does
 * not trust the cost model: an op is first sent to each unit that supports it (the next untried unit each time it
 * is ready, in unit order, so overlapping requests explore different units), and from then on goes where queued
 * work + copies + its last OBSERVED latency is smallest. Over a stream
 * of requests it converges to an earliest-finish schedule measured on the hardware itself, and it follows the
 * hardware when contention or throttling changes the latencies.
 */
public final class OnlineAdaptive implements OnlineStrategy {
  @Override
  public String name() {
    return "adaptive-online";
  }

  @Override
  public String description() {
    return "run-time: explores each op on each unit once, then places it where queued work + copies + its last"
        + " observed latency is smallest (run-time profiling; use with --requests)";
  }

  @Override
  public RuntimePolicy policy(Soc soc, PlanContext ctx) {
    return new RuntimePolicy() {
      /** (stream, op, unit) already sent somewhere to be measured, so overlapping requests explore the next unit. */
      private final Set<Long> tried = new HashSet<>();
      private int explored;
      private int exploited;

      @Override
      public int place(ReadyOp op, RuntimeView view) {
        int n = view.soc().units().size();
        for (int u = 0; u < n; u++) {
          if (view.supports(op, u) && tried.add(key(op, u))) {
            explored++;
            return u; // never tried there: measure it
          }
        }
        exploited++;
        int best = -1;
        double bestF = Double.POSITIVE_INFINITY;
        for (int u = 0; u < n; u++) {
          double seen = view.observedUs(op.job(), op.op(), u);
          if (view.supports(op, u) && !Double.isNaN(seen)) {
            double f = view.backlogUs(u) + view.copyInUs(op, u) + seen;
            if (f < bestF) {
              bestF = f;
              best = u;
            }
          }
        }
        return best >= 0 ? best : firstSupporting(op, view); // measurements still running: any unit that can
      }

      private long key(ReadyOp op, int unit) {
        return ((long) op.job().stream() << 40) | ((long) op.op() << 8) | unit;
      }

      private int firstSupporting(ReadyOp op, RuntimeView view) {
        for (int u = 0; u < view.soc().units().size(); u++) {
          if (view.supports(op, u)) {
            return u;
          }
        }
        return 0;
      }

      @Override
      public List<String> notes() {
        return List.of("adaptive-online: " + explored + " placements explored an unmeasured unit, " + exploited
            + " used observed latencies");
      }
    };
  }
}
