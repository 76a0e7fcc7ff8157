package org.socsim.graph;

/**
 * A data dependency: {@code consumer} reads a tensor produced by {@code producer}.
 *
 * @param bytes size of the tensor in bytes, or {@link #UNKNOWN_BYTES} when the source graph carries no shapes
 * @param shape tensor shape as text (e.g. {@code 1,32,149,149}), or empty when unknown
 */
public record Edge(int producer, int consumer, long bytes, String shape) {
  public static final long UNKNOWN_BYTES = -1;

  public boolean bytesKnown() {
    return bytes >= 0;
  }
}
