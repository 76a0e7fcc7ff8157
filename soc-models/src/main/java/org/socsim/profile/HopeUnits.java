package org.socsim.profile;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.socsim.result.Stats;
import org.socsim.traces.TraceFormatException;
import org.socsim.traces.hope.Layerwise;

/**
 * HOPE's unit conventions: which files hold milliseconds, the NPU files' "cannot run" sentinels, the filtered mean
 * HOPE derives per-op tables with, and the plausibility check that a layerwise file is in the unit it claims.
 */
final class HopeUnits {
  private HopeUnits() {
  }

  /** Values HOPE writes for "this op cannot run on that processor" in the NPU files (FORMAT.md 2.2). */
  static boolean notRunnable(double v) {
    return v == 100000.0 || v == 1000000.0;
  }

  /** Smallest plausible median per-op latency (us) of a layerwise file: below it the file is not in microseconds. */
  static final double MIN_MEDIAN_US = 5.0;

  /** Largest plausible per-op latency (us): ten seconds. */
  static final double MAX_OP_US = 1e7;

  /**
   * A layerwise file must be in the unit its format says: the median positive 1-thread latency of the real
   * microsecond files is 84-2,000 us and the framework gap between two ops alone is about 10 us, so a median under
   * {@value #MIN_MEDIAN_US} us means milliseconds (or worse); a single op over ten seconds is a corrupt value.
   */
  static void checkUnits(Path path, Layerwise lw, double scale) {
    List<Double> first = new ArrayList<>();
    for (double[] v : lw.ops().values()) {
      for (double x : v) {
        if (x * scale > MAX_OP_US) {
          throw new TraceFormatException(path, 0, "a per-op latency of " + x + " (" + x * scale + " us) exceeds ten"
              + " seconds; expected microseconds per op");
        }
      }
      if (v[0] > 0 && !notRunnable(v[0])) {
        first.add(v[0] * scale);
      }
    }
    if (!first.isEmpty() && Stats.median(first) < MIN_MEDIAN_US) {
      throw new TraceFormatException(path, 0, "median per-op latency " + Stats.median(first) + " us is implausibly"
          + " small: expected microseconds (is the file in milliseconds?)");
    }
  }

  /** HOPE's model1-model4 files store milliseconds, every other file microseconds. */
  static boolean millisecondModel(String model) {
    return model.matches("model\\d+");
  }

  /** HOPE's filtered mean: the plain mean of the samples at most 1.2 x the mean. */
  static double filteredMean(List<Double> v) {
    double mean = v.stream().mapToDouble(Double::doubleValue).average().orElse(0);
    return v.stream().mapToDouble(Double::doubleValue).filter(x -> x <= 1.2 * mean).average().orElse(mean);
  }
}
