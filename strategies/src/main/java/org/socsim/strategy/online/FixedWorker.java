package org.socsim.strategy.online;

import org.socsim.runtime.ReadyOp;
import org.socsim.runtime.RuntimePolicy;
import org.socsim.runtime.RuntimeView;
import org.socsim.soc.Soc;
import org.socsim.strategy.OnlineStrategy;
import org.socsim.strategy.PlanContext;

/** {@code fixed-worker}: every request of model k runs on unit k mod #units (Band's fixed-worker baseline). */
public final class FixedWorker implements OnlineStrategy {
  @Override
  public String name() {
    return "fixed-worker";
  }

  @Override
  public String description() {
    return "run-time: every request of model k on unit k mod #units, unsupported ops fall back to a CPU"
        + " (Band's fixed-worker baseline)";
  }

  @Override
  public RuntimePolicy policy(Soc soc, PlanContext ctx) {
    return new RuntimePolicy() {
      @Override
      public int place(ReadyOp op, RuntimeView view) {
        return op.job().stream() % view.soc().units().size();
      }
    };
  }
}
