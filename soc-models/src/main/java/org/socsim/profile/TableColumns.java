package org.socsim.profile;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;
import org.socsim.result.Stats;

/** Reading per-op latency tables column by column (unit x thread count) for the cross-device transfer. */
public final class TableColumns {
  private TableColumns() {
  }

  /**
   * log(sum of target latencies / sum of donor latencies) over the ops ({log(a / b), sqrt(a b)} pairs): a
   * time-weighted ratio, so that the ops that make up the end-to-end latency decide it.
   */
  static double sumRatio(List<double[]> s) {
    double a = 0;
    double b = 0;
    for (double[] x : s) {
      a += x[1] * Math.exp(x[0] / 2);
      b += x[1] * Math.exp(-x[0] / 2);
    }
    return Math.log(a / b);
  }

  /**
   * Whether a CPU thread column of a table is a copy of another thread column of the same unit (every op equal):
   * a copied file (FORMAT.md: huawei_mate_20 pnasnet-large cpu-big-4 is byte-identical to cpu-big-2) carries no
   * information about that thread count. Of two equal columns the one of more threads is the copy (a run filed under a
   * higher thread count, as the catalog reads 8-thread copies); the fewer-thread column keeps its meaning.
   */
  public static boolean copiedColumn(SocProfile.ModelTable t, String unit, int k) {
    if (unit.equals("gpu")) {
      return false;
    }
    for (int j = 0; j < k; j++) {
      boolean same = true;
      int n = 0;
      for (Map<String, List<Double>> byUnit : t.ops().values()) {
        List<Double> v = byUnit.get(unit);
        if (v == null || v.size() <= Math.max(j, k)) {
          continue;
        }
        Double a = v.get(k);
        Double b = v.get(j);
        if (a == null || b == null || a.isNaN() || b.isNaN()) {
          continue;
        }
        n++;
        if (!a.equals(b)) {
          same = false;
          break;
        }
      }
      if (same && n > 0) {
        return true;
      }
    }
    return false;
  }

  static boolean hasColumn(SocProfile.ModelTable t, String unit, int k) {
    for (Map<String, List<Double>> byUnit : t.ops().values()) {
      List<Double> v = byUnit.get(unit);
      if (v != null && v.size() > k && v.get(k) != null && v.get(k) > 0) {
        return true;
      }
    }
    return false;
  }

  /** The latency (0 allowed: HOPE logs sub-microsecond ops as 0), or NaN when the table has none there. */
  static double cell(SocProfile.ModelTable t, String op, String unit, int k) {
    Map<String, List<Double>> byUnit = t.ops().get(op);
    if (byUnit == null) {
      return Double.NaN;
    }
    List<Double> v = byUnit.get(unit);
    if (v == null || v.size() <= k || v.get(k) == null || !(v.get(k) >= 0)) {
      return Double.NaN;
    }
    return v.get(k);
  }

  static Map<String, Double> medianPerKey(List<Map<String, Double>> maps) {
    Map<String, List<Double>> all = new TreeMap<>();
    for (Map<String, Double> m : maps) {
      if (m != null) {
        m.forEach((key, v) -> all.computeIfAbsent(key, x -> new ArrayList<>()).add(v));
      }
    }
    Map<String, Double> out = new TreeMap<>();
    all.forEach((key, v) -> out.put(key, round(Stats.median(v))));
    return out;
  }

  static Double[] nans(int n) {
    Double[] a = new Double[n];
    Arrays.fill(a, Double.NaN);
    return a;
  }

  static double round(double v) {
    return Math.round(v * 1000.0) / 1000.0;
  }
}
