package org.socsim.graph;

/**
 * One operator of a model DAG.
 *
 * @param index  dense index in its {@link ModelGraph} (0..n-1)
 * @param name   unique operator name, as the trace files spell it
 * @param type   operator type (e.g. {@code Conv2D}, {@code MaxPool}); derived from the name when the source has no type
 * @param flops  floating-point operations, or 0 when unknown
 */
public record Op(int index, String name, String type, double flops) {
  public Op {
    if (name == null || name.isBlank()) {
      throw new IllegalArgumentException("op name must not be blank");
    }
  }
}
