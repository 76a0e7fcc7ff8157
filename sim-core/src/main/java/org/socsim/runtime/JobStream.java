package org.socsim.runtime;

import org.socsim.graph.ModelGraph;
import org.socsim.soc.CostModel;

/**
 * Requests of one model: {@code requests} jobs, the first at {@code startUs}, then periodic every
 * {@code periodUs}, or back to back (the next arrives when the previous finishes) when {@code periodUs} is 0.
 *
 * @param model   name shown in results ({@code 1:inception-v3})
 * @param threads CPU threads an op of this model gets (clamped to the cluster)
 * @param sloUs   latency objective of each request, NaN for none
 */
public record JobStream(String model, ModelGraph graph, CostModel cost, int requests, double startUs,
    double periodUs, int threads, double sloUs) {
  public JobStream {
    if (!(startUs >= 0) || Double.isInfinite(startUs)) {
      throw new IllegalArgumentException("first arrival must be >= 0 us, got " + startUs);
    }
    if (requests < 1) {
      throw new IllegalArgumentException("a job stream needs >= 1 request, got " + requests);
    }
    if (!(periodUs >= 0) || Double.isInfinite(periodUs)) {
      throw new IllegalArgumentException("request period must be >= 0 us, got " + periodUs);
    }
    if (threads < 1) {
      throw new IllegalArgumentException("threads must be >= 1, got " + threads);
    }
  }
}
