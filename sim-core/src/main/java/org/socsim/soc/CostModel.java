package org.socsim.soc;

import org.socsim.graph.Op;

/** Predicts how long an op takes on a unit. Implementations live in soc-models. */
public interface CostModel {
  /** Duration in microseconds of {@code op} on {@code unit} with {@code threads} threads (1 for accelerators). */
  double durationUs(Op op, Unit unit, int threads);

  /** Whether {@code unit} can run {@code op} at all (operator support). */
  boolean supports(Op op, Unit unit);

  /**
   * DRAM traffic of the op in bytes (activations and weights read, outputs written): its bandwidth demand is this
   * over its duration. Default: the op's features; 0 when unknown (the op then never waits for bandwidth).
   */
  default double memoryBytes(Op op, Unit unit) {
    return op.features().bytesIn() + op.features().bytesOut();
  }
}
