package org.socsim.runtime;

import org.socsim.graph.Op;

/** An op of a job whose inputs are all done, waiting for a unit. */
public record ReadyOp(Job job, int op, double readyUs) {
  public Op node() {
    return job.graph().op(op);
  }
}
