package org.socsim.profile;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.ArrayRealVector;
import org.apache.commons.math3.linear.QRDecomposition;
import org.apache.commons.math3.linear.RealMatrix;
import org.apache.commons.math3.linear.RealVector;
import org.socsim.graph.OpFeatures;

/**
 * Fits {@code us = fixed + perFlop * flops + perByte * bytes} per (thread count, op family) on measured op
 * latencies, minimising squared relative error (so a 20 us op counts as much as a 2 ms one) with non-negative
 * coefficients (a negative term is dropped and the rest refitted). Families with fewer than
 * {@value #MIN_SAMPLES} samples use the thread count's {@code all} fit.
 */
public final class CostFitter {
  static final int MIN_SAMPLES = 4;

  /** One measured op execution. */
  public record Sample(OpFeatures features, int threads, double us) {
  }

  private CostFitter() {
  }

  public static Map<String, Map<String, SocProfile.FitSpec>> fit(List<Sample> samples) {
    Map<String, Map<String, SocProfile.FitSpec>> out = new TreeMap<>();
    Map<Integer, List<Sample>> byThreads = new TreeMap<>();
    for (Sample s : samples) {
      if (s.us() > 0 && s.features().known()) {
        byThreads.computeIfAbsent(s.threads(), k -> new ArrayList<>()).add(s);
      }
    }
    for (Map.Entry<Integer, List<Sample>> t : byThreads.entrySet()) {
      Map<String, List<Sample>> byFamily = new TreeMap<>();
      for (Sample s : t.getValue()) {
        byFamily.computeIfAbsent(s.features().family(), k -> new ArrayList<>()).add(s);
      }
      Map<String, SocProfile.FitSpec> fits = new TreeMap<>();
      fits.put("all", fitOne(t.getValue()));
      for (Map.Entry<String, List<Sample>> f : byFamily.entrySet()) {
        if (f.getValue().size() >= MIN_SAMPLES) {
          fits.put(f.getKey(), fitOne(f.getValue()));
        }
      }
      out.put(Integer.toString(t.getKey()), fits);
    }
    return out;
  }

  static SocProfile.FitSpec fitOne(List<Sample> s) {
    boolean[] use = {true, true, true};
    double[] coef = new double[3];
    for (int round = 0; round < 3; round++) {
      coef = solve(s, use);
      boolean changed = false;
      for (int k = 0; k < 3; k++) {
        if (use[k] && coef[k] < 0) {
          use[k] = false;
          changed = true;
        }
      }
      if (!changed) {
        break;
      }
    }
    for (int k = 0; k < 3; k++) {
      if (!use[k] || coef[k] < 0) {
        coef[k] = 0;
      }
    }
    double[] err = new double[s.size()];
    for (int i = 0; i < err.length; i++) {
      Sample x = s.get(i);
      double pred = coef[0] + coef[1] * x.features().flops() + coef[2] * bytes(x.features());
      err[i] = Math.abs(pred - x.us()) / x.us() * 100;
    }
    Arrays.sort(err);
    double med = err.length % 2 == 1 ? err[err.length / 2] : (err[err.length / 2 - 1] + err[err.length / 2]) / 2;
    return new SocProfile.FitSpec(coef[0], coef[1], coef[2], s.size(), Math.round(med * 100) / 100.0);
  }

  /** Weighted least squares (weights 1/us^2) on the chosen columns; 0 for the others. */
  private static double[] solve(List<Sample> s, boolean[] use) {
    int cols = 0;
    for (boolean u : use) {
      cols += u ? 1 : 0;
    }
    double[] out = new double[3];
    if (cols == 0) {
      return out;
    }
    if (s.size() < cols) {
      out[0] = s.stream().mapToDouble(Sample::us).average().orElse(0);
      return out;
    }
    RealMatrix a = new Array2DRowRealMatrix(s.size(), cols);
    RealVector b = new ArrayRealVector(s.size(), 1.0);
    double[] scale = new double[3];
    for (int k = 0; k < 3; k++) {
      scale[k] = 1;
    }
    // column scaling keeps the QR well conditioned (flops ~1e8, bytes ~1e6, constant 1)
    for (Sample x : s) {
      scale[1] = Math.max(scale[1], x.features().flops());
      scale[2] = Math.max(scale[2], bytes(x.features()));
    }
    for (int i = 0; i < s.size(); i++) {
      Sample x = s.get(i);
      double[] row = {1.0, x.features().flops() / scale[1], bytes(x.features()) / scale[2]};
      int c = 0;
      for (int k = 0; k < 3; k++) {
        if (use[k]) {
          a.setEntry(i, c++, row[k] / x.us());
        }
      }
    }
    RealVector sol;
    try {
      sol = new QRDecomposition(a).getSolver().solve(b);
    } catch (RuntimeException singular) {
      out[0] = s.stream().mapToDouble(Sample::us).average().orElse(0);
      return out;
    }
    int c = 0;
    for (int k = 0; k < 3; k++) {
      if (use[k]) {
        out[k] = sol.getEntry(c++) / scale[k];
      }
    }
    return out;
  }

  static double bytes(OpFeatures f) {
    return f.bytesIn() + f.bytesOut();
  }
}
