package org.socsim.result;

import java.util.List;

/**
 * The outcome of one simulated inference.
 *
 * @param latencyUs end-to-end latency: from time 0 to the last task's end
 * @param units     per-unit statistics, in the SoC's unit order
 * @param events    events the engine processed (for throughput benchmarks)
 * @param timeline  every span, in start order
 */
public record RunResult(double latencyUs, List<UnitStats> units, long events, Timeline timeline) {
  public double latencyMs() {
    return latencyUs / 1000.0;
  }
}
