package org.socsim.runtime;

import java.util.List;
import org.socsim.soc.Soc;

/**
 * What a {@link RuntimePolicy} may see of the running simulation. Read-only; answers reflect the moment of the
 * call. "Expected" times come from the run's cost model (the profile a real runtime would carry); "observed"
 * times are what the simulated hardware actually took so far (a runtime's latency profiling).
 */
public interface RuntimeView {
  double nowUs();

  Soc soc();

  /** Whether {@code unit} can run the op at all (operator support). */
  boolean supports(ReadyOp op, int unit);

  /**
   * Expected time of the op on {@code unit} if it started now: copies of inputs produced on other units,
   * dispatch gap and the cost model's duration; +infinity where unsupported.
   */
  double expectedUs(ReadyOp op, int unit);

  /** Copies of the op's inputs produced on other units, were it to run on {@code unit}. */
  double copyInUs(ReadyOp op, int unit);

  /** Expected time until {@code unit} has finished what runs and waits on it now. */
  double backlogUs(int unit);

  /** Ops placed on {@code unit} that have not started. */
  int waiting(int unit);

  /** Tasks running on {@code unit}. */
  int running(int unit);

  /** Expected work left of a job: its ops not yet finished, each at its best unit's expected duration. */
  double remainingUs(Job job);

  /** Last observed duration (copy excluded) of this model's op on {@code unit}; NaN if never run there. */
  double observedUs(Job job, int op, int unit);

  /** Jobs that have arrived and not finished, in arrival order. */
  List<Job> inFlight();

  /** Unit an op of a job was placed on, -1 if not yet. */
  int unitOf(Job job, int op);
}
