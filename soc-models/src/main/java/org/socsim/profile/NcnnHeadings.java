package org.socsim.profile;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.BiPredicate;
import java.util.regex.Pattern;
import org.apache.commons.math3.stat.regression.OLSMultipleLinearRegression;
import org.socsim.traces.ncnn.NcnnBench;
import org.socsim.traces.ncnn.NcnnBench.Setting;
import org.socsim.traces.ncnn.NcnnBench.UnitKind;

/**
 * What a device's heading in the ncnn benchmark says: the zero-shot regressors (clock, threads, small cores), the
 * regression of a setting's scale on them, and a profile name.
 */
final class NcnnHeadings {
  private NcnnHeadings() {
  }

  private static final Pattern SMALL_CORE = Pattern.compile(
      "A5[35]\\b|A7\\b|A5\\b|A9\\b|A17\\b|C906|U74|Cortex-A5[35]|Cortex-A7\\b|Cortex-A9\\b|Cortex-A17|LA264|GS264|"
          + "Xburst|MSA|Yonah|Celeron M|X60|RV64");

  /**
   * What a heading says that speed depends on: 1, log of the highest clock in the heading (GHz; 1.5 when none is
   * written), log of the thread count, and whether the cores are in-order or small cores (A5/A7/A53/A55 class).
   * These are the zero-shot regressors; every other difference between devices is left to the measured rows.
   */
  static double[] specFeatures(Setting s) {
    String h = s.device();
    java.util.TreeSet<Double> clocks = NcnnBench.clocksGhz(h);
    double ghz = clocks.isEmpty() ? 0 : clocks.last();
    if (ghz <= 0 || ghz > 6) {
      ghz = 1.5;
    }
    boolean small = s.kind() == UnitKind.LITTLE || (SMALL_CORE.matcher(h).find() && !h.contains("A7" + "6")
        && !h.contains("A78") && !h.contains("A72") && !h.contains("A73"));
    return new double[] {1, Math.log(ghz), Math.log(Math.max(1, s.threads())), small ? 1 : 0};
  }

  static double[] regress(List<double[]> xs, List<Double> ys) {
    int k = 4;
    if (xs.size() < 2 * k) {
      double mean = ys.stream().mapToDouble(Double::doubleValue).average().orElse(0);
      return new double[] {mean, 0, 0, 0};
    }
    // Columns that never vary (e.g. one thread count on GPUs) are dropped from the regression.
    boolean[] use = new boolean[k];
    use[0] = true;
    for (int j = 1; j < k; j++) {
      double first = xs.get(0)[j];
      for (double[] r : xs) {
        if (r[j] != first) {
          use[j] = true;
        }
      }
    }
    List<Integer> cols = new ArrayList<>();
    for (int j = 1; j < k; j++) {
      if (use[j]) {
        cols.add(j);
      }
    }
    double[][] a = new double[xs.size()][cols.size()];
    double[] y = new double[xs.size()];
    for (int i = 0; i < xs.size(); i++) {
      for (int c = 0; c < cols.size(); c++) {
        a[i][c] = xs.get(i)[cols.get(c)];
      }
      y[i] = ys.get(i);
    }
    double[] out = new double[k];
    try {
      OLSMultipleLinearRegression r = new OLSMultipleLinearRegression();
      r.newSampleData(y, a);
      double[] b = r.estimateRegressionParameters();
      out[0] = b[0];
      for (int c = 0; c < cols.size(); c++) {
        out[cols.get(c)] = b[c + 1];
      }
    } catch (RuntimeException e) {
      out[0] = java.util.Arrays.stream(y).average().orElse(0);
    }
    return out;
  }

  /** A profile name for a heading: {@code ncnn-} and its first words, lower case. */
  public static String slug(String heading) {
    String s = heading.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9.]+", "-").replaceAll("^-+|-+$", "");
    String[] w = s.split("-");
    StringBuilder b = new StringBuilder("ncnn");
    for (String p : w) {
      if (b.length() + p.length() + 1 > 40) {
        break;
      }
      if (!p.isEmpty()) {
        b.append('-').append(p);
      }
    }
    return b.toString().replaceAll("\\.+$", "");
  }
}
