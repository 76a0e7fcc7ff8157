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
 */
public record Transfer(int edge, int fromUnit, int toUnit, int executor, int threads, double durationUs) {
}
