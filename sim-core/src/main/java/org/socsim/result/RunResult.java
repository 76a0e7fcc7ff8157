package org.socsim.result;

import java.util.List;

/**
 * The outcome of a run: one inference, or a stream of them beside UI and background load.
 *
 * @param latencyUs        end of the last task (the run starts at 0); for one inference, its latency
 * @param units            per-unit statistics, in the SoC's unit order
 * @param events           events the engine processed (for throughput benchmarks)
 * @param timeline         every span, in start order
 * @param requestLatencyUs per request: completion minus arrival
 * @param framesTotal      UI frames submitted (0 without UI load)
 * @param framesDropped    UI frames whose GPU work missed the next vsync
 * @param energyMj         energy of all units with a power model
 * @param peakTempC        highest temperature of the thermal model (NaN without one)
 */
public record RunResult(double latencyUs, List<UnitStats> units, long events, Timeline timeline,
    List<Double> requestLatencyUs, int framesTotal, int framesDropped, double energyMj, double peakTempC) {
  public double latencyMs() {
    return latencyUs / 1000.0;
  }
}
