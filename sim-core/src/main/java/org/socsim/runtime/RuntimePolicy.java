package org.socsim.runtime;

import java.util.List;

/**
 * A scheduler that decides while the simulation runs (the run-time counterpart of a static plan). The engine calls
 * it at decision points: a job arrives ({@link #arrived}), an op becomes ready ({@link #place}: which unit's queue it
 * joins), a unit can start something ({@link #pick}: which of its waiting ops), an op finishes ({@link #finished}:
 * its observed time). One instance serves one run, so it may keep state.
 *
 * <p>Fallback is part of the contract: when {@link #place} names a unit that cannot run the op, the engine runs it
 * on the first CPU that can (else the first unit that can) and marks it a fallback in results and traces.
 */
public interface RuntimePolicy {
  /** A job arrived (before its first ops are placed). */
  default void arrived(Job job, RuntimeView view) {
  }

  /** The unit (index into the SoC's units) whose queue a ready op joins. */
  int place(ReadyOp op, RuntimeView view);

  /**
   * Index into {@code waiting} (ops placed on {@code unit}, in placement order) of the op to start next; called
   * when the unit has a free stream. Default: first placed, first started.
   */
  default int pick(int unit, List<ReadyOp> waiting, RuntimeView view) {
    return 0;
  }

  /** An op finished on {@code unit}: it ran (copies excluded) from {@code startUs} to {@code endUs}. */
  default void finished(ReadyOp op, int unit, double startUs, double endUs, RuntimeView view) {
  }

  /** Lines for the run's notes (what the policy decided, in summary), read after the run. */
  default List<String> notes() {
    return List.of();
  }
}
