package org.socsim.result;

import java.util.Arrays;
import java.util.Collection;

/** Order statistics used across readers, calibration and reports. */
public final class Stats {
  private Stats() {
  }

  /** Median (mean of the two middle values for an even count); 0 for no values. */
  public static double median(double[] values) {
    double[] a = values.clone();
    Arrays.sort(a);
    int n = a.length;
    return n == 0 ? 0 : n % 2 == 1 ? a[n / 2] : (a[n / 2 - 1] + a[n / 2]) / 2;
  }

  public static double median(Collection<Double> values) {
    return median(values.stream().mapToDouble(Double::doubleValue).toArray());
  }

  /** Linearly interpolated quantile of an ascending array; 0 for no values. */
  public static double quantile(double[] sorted, double q) {
    if (sorted.length == 0) {
      return 0;
    }
    double pos = q * (sorted.length - 1);
    int lo = (int) Math.floor(pos);
    int hi = Math.min(sorted.length - 1, lo + 1);
    return sorted[lo] + (pos - lo) * (sorted[hi] - sorted[lo]);
  }
}
