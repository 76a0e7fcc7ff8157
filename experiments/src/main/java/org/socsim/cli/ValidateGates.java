package org.socsim.cli;

import java.io.PrintWriter;
import java.util.Map;

/**
 * The thresholds of {@code socsim validate} ({@code --max-mean-error}, {@code --max-median-error},
 * {@code --min-within10}, {@code --max-mean-relative-error}; null: not given): checked as bad input before anything
 * runs, then applied to a table's summary. A miss is printed with three decimals, so a value just over the limit
 * does not read as equal to it.
 */
record ValidateGates(Double maxMeanError, Double maxMedianError, Double minWithin10, Double maxMeanRelativeError) {
  /** NaN, negative or out-of-range thresholds are bad input (exit 2), not a gate that can never pass. */
  void check() {
    checkThreshold("--max-mean-error", maxMeanError, 1e6);
    checkThreshold("--max-median-error", maxMedianError, 1e6);
    checkThreshold("--max-mean-relative-error", maxMeanRelativeError, 1e6);
    checkThreshold("--min-within10", minWithin10, 100);
  }

  /** 1 when the summary misses a threshold (each miss printed on {@code err}), else 0. */
  int gate(Map<String, Object> summary, PrintWriter err) {
    boolean fail = false;
    double mean = (double) summary.get("mean_abs_error_pct");
    double within = (double) summary.get("within10_pct");
    if (maxMeanError != null && !(mean <= maxMeanError)) {
      err.printf("validate: mean |error| %.3f%% exceeds --max-mean-error %s%%%n", mean, plain(maxMeanError));
      fail = true;
    }
    if (maxMedianError != null && !((double) summary.get("median_abs_error_pct") <= maxMedianError)) {
      err.printf("validate: median |error| %.3f%% exceeds --max-median-error %s%%%n",
          (double) summary.get("median_abs_error_pct"), plain(maxMedianError));
      fail = true;
    }
    if (minWithin10 != null && !(within >= minWithin10)) {
      err.printf("validate: %.3f%% within +-10%% is below --min-within10 %s%%%n", within, plain(minWithin10));
      fail = true;
    }
    Object rel = summary.get("mean_abs_relative_error_pct");
    if (maxMeanRelativeError != null && !(rel instanceof Double r && r <= maxMeanRelativeError)) {
      err.printf("validate: mean |relative error| %s exceeds --max-mean-relative-error %s%%%n", rel == null
          ? "(no row has a relative error)" : String.format(java.util.Locale.ROOT, "%.3f%%", (double) rel),
          plain(maxMeanRelativeError));
      fail = true;
    }
    return fail ? 1 : 0;
  }

  /** A threshold as the user typed it (no trailing zeros). */
  private static String plain(double v) {
    return java.math.BigDecimal.valueOf(v).stripTrailingZeros().toPlainString();
  }

  private static void checkThreshold(String flag, Double v, double max) {
    if (v != null && !(v >= 0 && v <= max)) {
      throw new IllegalArgumentException(flag + " must be a percentage from 0 to " + (max == 100 ? "100" : "1e6")
          + ", got " + v);
    }
  }
}
