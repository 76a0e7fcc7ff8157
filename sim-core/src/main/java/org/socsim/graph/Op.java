package org.socsim.graph;

/**
 * One operator of a model DAG, or a slice of one (a fraction of its output channels, for channel splitting).
 *
 * @param index    dense index in its {@link ModelGraph} (0..n-1)
 * @param name     unique operator name, as the trace files spell it
 * @param type     operator type (e.g. {@code Conv}, {@code Conv2D}); derived from the name when the source has none
 * @param features FLOPs, bytes, shapes (already scaled for a slice); {@link OpFeatures#NONE} when unknown
 * @param origin   the whole op this is a slice of, or {@code name} itself
 * @param fraction share of the origin op's work, 1 for a whole op
 */
public record Op(int index, String name, String type, OpFeatures features, String origin, double fraction) {
  /** Type of the zero-work op that gathers channel slices back into one tensor (written in place). */
  public static final String JOIN = "ChannelJoin";

  public Op {
    if (name == null || name.isBlank()) {
      throw new IllegalArgumentException("op name must not be blank");
    }
    if (features == null) {
      features = OpFeatures.NONE;
    }
    if (origin == null) {
      origin = name;
    }
    if (!(fraction > 0 && fraction <= 1)) {
      throw new IllegalArgumentException("op " + name + ": fraction must be in (0, 1], got " + fraction);
    }
  }

  public Op(int index, String name, String type, OpFeatures features) {
    this(index, name, type, features, name, 1.0);
  }

  public boolean isJoin() {
    return JOIN.equals(type);
  }

  public boolean isSlice() {
    return fraction < 1.0 || !origin.equals(name);
  }

  public double flops() {
    return features.flops();
  }
}
