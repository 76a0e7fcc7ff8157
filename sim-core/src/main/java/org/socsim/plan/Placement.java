package org.socsim.plan;

/** An op placed on a unit with a thread count. */
public record Placement(int op, int unit, int threads) {
  public Placement {
    if (threads < 1) {
      throw new IllegalArgumentException("threads must be >= 1 for op " + op);
    }
  }
}
