package org.socsim.runtime;

import org.socsim.graph.ModelGraph;

/**
 * One inference request, first-class for run-time policies: its id (arrival order), the stream (model slot) it
 * came from, the model's graph, when it arrived and its objective.
 *
 * @param sloUs latency objective, NaN for none
 */
public record Job(int id, int stream, String model, ModelGraph graph, double arrivalUs, double sloUs) {
  public boolean hasSlo() {
    return !Double.isNaN(sloUs);
  }

  /** Arrival plus objective; +infinity without one. */
  public double deadlineUs() {
    return hasSlo() ? arrivalUs + sloUs : Double.POSITIVE_INFINITY;
  }
}
