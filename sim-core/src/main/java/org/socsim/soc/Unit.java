package org.socsim.soc;

/**
 * A processing unit: a CPU cluster, a GPU queue, an NPU or DSP.
 *
 * <p>A task with {@code t} threads occupies {@code t} of the unit's {@code cores}; at most {@code streams}
 * tasks run at once, started in issue order (a GPU command queue has one stream; an MNN-style CPU backend
 * has one executor thread, so one stream, even though an op spreads over several cores).
 *
 * @param index      dense index in its {@link Soc}
 * @param id         short id used everywhere ({@code cpu-big}, {@code cpu-little}, {@code gpu})
 * @param kind       unit kind
 * @param cores      cores (CPU) or 1 for an accelerator queue
 * @param streams    how many tasks may run concurrently on disjoint cores
 * @param dispatchUs fixed launch overhead charged before every op on this unit
 */
public record Unit(int index, String id, UnitKind kind, int cores, int streams, double dispatchUs) {
  public Unit {
    if (cores < 1 || streams < 1) {
      throw new IllegalArgumentException("unit " + id + ": cores and streams must be >= 1");
    }
    if (dispatchUs < 0) {
      throw new IllegalArgumentException("unit " + id + ": dispatchUs must be >= 0");
    }
  }

  public boolean isCpu() {
    return kind == UnitKind.CPU;
  }

  /** Threads an op gets here when {@code requested}: clamped to the cluster's cores on a CPU, 1 elsewhere. */
  public int threadsFor(int requested) {
    return isCpu() ? Math.min(requested, cores) : 1;
  }
}
