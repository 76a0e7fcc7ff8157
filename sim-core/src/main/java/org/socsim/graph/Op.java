package org.socsim.graph;

/**
 * One operator of a model DAG.
 *
 * @param index    dense index in its {@link ModelGraph} (0..n-1)
 * @param name     unique operator name, as the trace files spell it
 * @param type     operator type (e.g. {@code Conv}, {@code Conv2D}); derived from the name when the source has none
 * @param features FLOPs, bytes, shapes; {@link OpFeatures#NONE} when the source graph carries no shapes
 */
public record Op(int index, String name, String type, OpFeatures features) {
  public Op {
    if (name == null || name.isBlank()) {
      throw new IllegalArgumentException("op name must not be blank");
    }
    if (features == null) {
      features = OpFeatures.NONE;
    }
  }

  public double flops() {
    return features.flops();
  }
}
