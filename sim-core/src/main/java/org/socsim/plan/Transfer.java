package org.socsim.plan;

/**
 * An explicit copy of a tensor across units, executed before its consumer starts.
 *
 * @param edge     index into the graph's edges
 * @param fromUnit unit holding the tensor
 * @param toUnit   unit of the consumer
 * @param executor unit whose queue runs the copy (MNN converts on the consumer's executor)
 * @param threads  cores the copy holds on its executor
 * @param durationUs copy plus conversion time
 * @param sharedBy  further edges (same producer, consumers on the same unit) that read this copy instead of
 *                  making their own: the data-reuse-aware backend
 */
public record Transfer(int edge, int fromUnit, int toUnit, int executor, int threads, double durationUs,
    java.util.List<Integer> sharedBy) {
  public Transfer {
    sharedBy = java.util.List.copyOf(sharedBy);
  }

  public Transfer(int edge, int fromUnit, int toUnit, int executor, int threads, double durationUs) {
    this(edge, fromUnit, toUnit, executor, threads, durationUs, java.util.List.of());
  }
}
