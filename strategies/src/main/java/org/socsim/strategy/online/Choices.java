package org.socsim.strategy.online;

import org.socsim.runtime.Job;
import org.socsim.runtime.ReadyOp;
import org.socsim.runtime.RuntimeView;

/** Small decisions several policies share. */
final class Choices {
  private Choices() {
  }

  /** The unit where the op would finish first: queued work there plus its copies and duration. */
  static int earliestFinish(ReadyOp op, RuntimeView view) {
    int best = -1;
    double bestF = Double.POSITIVE_INFINITY;
    for (int u = 0; u < view.soc().units().size(); u++) {
      double f = view.backlogUs(u) + view.expectedUs(op, u);
      if (f < bestF) {
        bestF = f;
        best = u;
      }
    }
    return best;
  }

  /** Expected time of a whole job on one unit (ops it cannot run priced at their fallback's cost, no copies). */
  static double jobUs(Job job, int unit, RuntimeView view) {
    double us = 0;
    for (int v = 0; v < job.graph().size(); v++) {
      ReadyOp op = new ReadyOp(job, v, view.nowUs());
      double e = view.expectedUs(op, unit);
      if (!Double.isFinite(e)) {
        e = Double.POSITIVE_INFINITY;
        for (int u = 0; u < view.soc().units().size(); u++) {
          if (view.soc().unit(u).isCpu()) {
            e = Math.min(e, view.expectedUs(op, u));
          }
        }
      }
      us += Double.isFinite(e) ? e : 0;
    }
    return us;
  }
}
