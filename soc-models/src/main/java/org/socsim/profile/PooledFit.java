package org.socsim.profile;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.LUDecomposition;
import org.apache.commons.math3.linear.RealMatrix;
import org.socsim.graph.ModelGraph;
import org.socsim.graph.Op;

/**
 * A cost model fitted on whole-model latencies of many devices (the labels are model totals, not layers).
 *
 * <p>A model's latency on a setting (unit x thread count) is {@code X_m . c}, where {@code X_m} sums the
 * {@link LayerBasis} terms of its layers and {@code c >= 0} are the setting's coefficients. A setting has a few
 * dozen models, too few to fit every coefficient freely, so the fit is hierarchical, per unit kind:
 * <ol>
 *   <li>pooled shape {@code p >= 0} and per-setting scale {@code s}: {@code y_sm ~ s (X_m . p)}, alternating a
 *       closed-form scale per setting and non-negative least squares for {@code p}, on relative error;</li>
 *   <li>per-setting relative deviations {@code r}: {@code c_k = s p_k (1 + r_k)}, {@code r >= -1}, first ridge
 *       ({@code |r|^2} weighted {@link #LAMBDA1}), then empirical Bayes: the deviations of all settings of the kind
 *       give a mean {@code mu} and covariance {@code S} (shrunk 10% toward its diagonal), and each setting is refitted
 *       with the penalty {@link #LAMBDA2} {@code (r - mu)' S^-1 (r - mu)}. Deviations that go together across
 *       devices (e.g. int8 and fp32 convolution speeds) are thereby learned from the whole table.</li>
 * </ol>
 * Terms the pooled shape leaves at zero stay at zero, except the per-layer overhead ({@link #seedLayers}). Constants: {@code LAMBDA1 = 0.03} (leave-one-model-out on
 * ncnn-bench is flat from 0.003 to 0.1), {@code LAMBDA2 = 0.01} (chosen by an inner leave-one-model-out inside
 * each outer fold; the nested result is 0.2 points worse than the fixed value; docs/fidelity.md lists the
 * constants),
 * {@code SHRINK = 0.1} (not tuned; 0.5 gives the same result).
 */
public final class PooledFit {
  static final int ROUNDS = 30;
  public static final double LAMBDA1 = 0.03;
  public static final double LAMBDA2 = 0.01;
  static final double SHRINK = 0.1;

  private PooledFit() {
  }

  /** The summed basis terms of a graph's layers. */
  public static double[] aggregate(ModelGraph g) {
    double[] x = new double[LayerBasis.K];
    for (Op op : g.ops()) {
      double[] t = LayerBasis.of(op.features());
      for (int k = 0; k < x.length; k++) {
        x[k] += t[k];
      }
    }
    return x;
  }

  /** Labelled models of one setting: term vectors and measured latencies (any time unit, consistently). */
  public record Data(List<double[]> x, List<Double> y) {
    public Data() {
      this(new ArrayList<>(), new ArrayList<>());
    }

    public void add(double[] xs, double ys) {
      x.add(xs);
      y.add(ys);
    }

    public int size() {
      return y.size();
    }
  }

  /**
   * The fit of one unit kind: pooled shape, each setting's scale and coefficients, and the empirical-Bayes prior
   * (mean deviation) that a setting without rows of its own falls back on.
   */
  public record Fit(double[] p, Map<String, Double> scale, Map<String, double[]> coef, double[] meanDeviation) {
    /** Coefficients for a setting with no rows: {@code scale * p * (1 + mu)}. */
    public double[] prior(double scale) {
      double[] c = new double[p.length];
      for (int k = 0; k < p.length; k++) {
        c[k] = scale * p[k] * (1 + meanDeviation[k]);
      }
      return c;
    }
  }

  public static Fit fit(Map<String, Data> settings) {
    return fit(settings, true, LAMBDA1);
  }

  /** @param eb whether to run the empirical-Bayes pass; {@code lambda1} the ridge of the first pass */
  public static Fit fit(Map<String, Data> settings, boolean eb, double lambda1) {
    int k = LayerBasis.K;
    List<String> keys = new ArrayList<>(settings.keySet());
    double[] p = seedLayers(withFallbacks(shape(settings, keys)), settings);
    Map<String, Double> scale = new LinkedHashMap<>();
    for (String key : keys) {
      scale.put(key, scaleOf(p, settings.get(key)));
    }
    int[] act = java.util.stream.IntStream.range(0, k).filter(j -> p[j] > 0).toArray();
    int ka = act.length;
    double[] mu = new double[ka];
    double[][] pinv = identity(ka);
    Map<String, double[]> dev = new LinkedHashMap<>();
    for (int pass = 0; pass < (eb ? 2 : 1); pass++) {
      double lam = pass == 0 ? lambda1 : LAMBDA2;
      for (String key : keys) {
        dev.put(key, deviations(p, act, scale.get(key), settings.get(key), mu, pinv, lam));
      }
      if (pass == 0 && eb && keys.size() > 2) {
        double[] m = new double[ka];
        for (double[] r : dev.values()) {
          for (int j = 0; j < ka; j++) {
            m[j] += r[j] / keys.size();
          }
        }
        double[][] cov = new double[ka][ka];
        for (double[] r : dev.values()) {
          for (int a = 0; a < ka; a++) {
            for (int b = 0; b < ka; b++) {
              cov[a][b] += (r[a] - m[a]) * (r[b] - m[b]) / (keys.size() - 1);
            }
          }
        }
        for (int a = 0; a < ka; a++) {
          for (int b = 0; b < ka; b++) {
            cov[a][b] = (a == b ? cov[a][b] : (1 - SHRINK) * cov[a][b]) + (a == b ? 1e-6 : 0);
          }
        }
        mu = m;
        pinv = new LUDecomposition(new Array2DRowRealMatrix(cov, false)).getSolver().getInverse().getData();
      }
    }
    Map<String, double[]> coef = new LinkedHashMap<>();
    for (String key : keys) {
      double[] c = new double[k];
      double[] r = dev.get(key);
      for (int j = 0; j < ka; j++) {
        c[act[j]] = scale.get(key) * p[act[j]] * (1 + r[j]);
      }
      coef.put(key, c);
    }
    double[] meanDev = new double[k];
    for (int j = 0; j < ka; j++) {
      meanDev[act[j]] = mu[j];
    }
    return new Fit(p, scale, coef, meanDev);
  }

  /** Pooled shape: NNLS start, then alternating closed-form scales and NNLS, the scales' geometric mean kept at 1. */
  static double[] shape(Map<String, Data> settings, List<String> keys) {
    List<double[]> rows = new ArrayList<>();
    List<Integer> sid = new ArrayList<>();
    for (int i = 0; i < keys.size(); i++) {
      Data d = settings.get(keys.get(i));
      for (int n = 0; n < d.size(); n++) {
        double[] row = d.x().get(n).clone();
        double y = d.y().get(n);
        for (int j = 0; j < row.length; j++) {
          row[j] /= y;
        }
        rows.add(row);
        sid.add(i);
      }
    }
    double[][] a = rows.toArray(new double[0][]);
    double[] ones = new double[a.length];
    java.util.Arrays.fill(ones, 1.0);
    double[] p = Nnls.solve(a, ones);
    for (int j = 0; j < p.length; j++) {
      p[j] = Math.max(p[j], 1e-12);
    }
    int ns = keys.size();
    for (int round = 0; round < ROUNDS; round++) {
      double[] num = new double[ns];
      double[] den = new double[ns];
      for (int i = 0; i < a.length; i++) {
        double u = LayerBasis.dot(p, a[i]);
        num[sid.get(i)] += u;
        den[sid.get(i)] += u * u;
      }
      double[] s = new double[ns];
      double logSum = 0;
      int nlog = 0;
      for (int i = 0; i < ns; i++) {
        s[i] = den[i] > 0 ? num[i] / den[i] : 1.0;
        if (den[i] > 0 && s[i] > 0) {
          logSum += Math.log(s[i]);
          nlog++;
        }
      }
      double[][] b = new double[a.length][];
      for (int i = 0; i < a.length; i++) {
        b[i] = a[i].clone();
        for (int j = 0; j < b[i].length; j++) {
          b[i][j] *= s[sid.get(i)];
        }
      }
      p = Nnls.solve(b, ones);
      double g = nlog == 0 ? 1 : Math.exp(logSum / nlog);
      for (int j = 0; j < p.length; j++) {
        p[j] *= g;
      }
    }
    return p;
  }

  /**
   * A rate term the pooled fit left at zero takes the price of the term {@link LayerBasis#FALLBACK} names (two
   * rounds, so a chain of fallbacks resolves). The efficiency terms stay as fitted; the per-layer overhead, which the
   * CPU fits leave at zero (the table cannot separate it from the narrow-layer inefficiency), is seeded by
   * {@link #seedLayers}.
   */
  static double[] withFallbacks(double[] p) {
    double[] q = p.clone();
    for (int round = 0; round < 2; round++) {
      for (int k = 0; k < q.length; k++) {
        int f = LayerBasis.FALLBACK[k];
        if (q[k] <= 0 && f >= 0 && q[f] > 0) {
          q[k] = q[f] * LayerBasis.FALLBACK_SCALE[k];
        }
      }
    }
    return q;
  }

  /**
   * Share of an average model's latency the per-layer overhead is given in the pooled shape when the pooled fit
   * leaves it at zero ({@link #seedLayers}). Chosen by leave-one-model-out on ncnn-bench with the models split in
   * two halves: each half picks 0.5 from {0, 0.15, 0.3, 0.5, 1, 2}, so the value chosen on one half is the one
   * scored on the other (docs/fidelity.md).
   */
  public static final double LAYER_PRIOR_SHARE = 0.5;

  /**
   * The pooled shape with the per-layer overhead ({@code layers} term) seeded when the pooled fit left it at zero:
   * priced so that it alone would make {@link #LAYER_PRIOR_SHARE} of the settings' average latency. On CPUs the
   * pooled fit cannot separate a per-layer overhead from the narrow-layer inefficiency and puts it all in the latter,
   * and a term at zero in the shape stays at zero in every setting ({@code c = s p (1 + r)}); seeded, each setting's
   * deviation sets its own overhead, which many-thread settings (synchronisation per layer) need.
   */
  static double[] seedLayers(double[] p, Map<String, Data> settings) {
    int li = LayerBasis.TERMS.indexOf("layers");
    if (p[li] > 0) {
      return p;
    }
    double ratio = 0;
    int n = 0;
    for (Data d : settings.values()) {
      for (int i = 0; i < d.size(); i++) {
        ratio += d.x().get(i)[li] / d.y().get(i);
        n++;
      }
    }
    if (!(ratio > 0)) {
      return p;
    }
    double[] q = p.clone();
    q[li] = LAYER_PRIOR_SHARE * n / ratio;
    return q;
  }

  /** Closed-form scale s minimising sum (s r_m - 1)^2 with r_m = (X_m . p) / y_m. */
  public static double scaleOf(double[] p, Data d) {
    double num = 0;
    double den = 0;
    for (int i = 0; i < d.size(); i++) {
      double r = LayerBasis.dot(p, d.x().get(i)) / d.y().get(i);
      num += r;
      den += r * r;
    }
    return den > 0 ? num / den : 1.0;
  }

  /**
   * min |Z r - b|^2 + lam (r - mu)' P (r - mu) with r >= -1 (coefficients stay non-negative): solve, clamp the
   * terms below -1 to -1, re-solve the rest, until feasible.
   */
  static double[] deviations(double[] p, int[] act, double scale, Data d, double[] mu, double[][] pinv, double lam) {
    int ka = act.length;
    int n = d.size();
    double[][] z = new double[n][ka];
    double[] b = new double[n];
    for (int i = 0; i < n; i++) {
      double y = d.y().get(i);
      double sum = 0;
      for (int j = 0; j < ka; j++) {
        z[i][j] = scale * p[act[j]] * d.x().get(i)[act[j]] / y;
        sum += z[i][j];
      }
      b[i] = 1 - sum;
    }
    boolean[] free = new boolean[ka];
    java.util.Arrays.fill(free, true);
    double[] r = new double[ka];
    for (int iter = 0; iter <= ka; iter++) {
      int[] f = java.util.stream.IntStream.range(0, ka).filter(j -> free[j]).toArray();
      int[] c = java.util.stream.IntStream.range(0, ka).filter(j -> !free[j]).toArray();
      double[] bb = b.clone();
      for (int i = 0; i < n; i++) {
        for (int j : c) {
          bb[i] += z[i][j];
        }
      }
      int nf = f.length;
      double[][] m = new double[nf][nf];
      double[] rhs = new double[nf];
      for (int u = 0; u < nf; u++) {
        for (int v = 0; v < nf; v++) {
          double s = 0;
          for (int i = 0; i < n; i++) {
            s += z[i][f[u]] * z[i][f[v]];
          }
          m[u][v] = s + lam * pinv[f[u]][f[v]];
        }
        double s = 0;
        for (int i = 0; i < n; i++) {
          s += z[i][f[u]] * bb[i];
        }
        double prior = 0;
        for (int v = 0; v < nf; v++) {
          prior += pinv[f[u]][f[v]] * mu[f[v]];
        }
        for (int j : c) {
          prior -= pinv[f[u]][j] * (-1 - mu[j]);
        }
        rhs[u] = s + lam * prior;
      }
      java.util.Arrays.fill(r, -1.0);
      boolean ok = true;
      if (nf > 0) {
        RealMatrix mm = new Array2DRowRealMatrix(m, false);
        double[] sol = new LUDecomposition(mm).getSolver().solve(new org.apache.commons.math3.linear.ArrayRealVector(
            rhs, false)).toArray();
        for (int u = 0; u < nf; u++) {
          r[f[u]] = sol[u];
          if (sol[u] < -1) {
            ok = false;
          }
        }
        if (!ok) {
          for (int u = 0; u < nf; u++) {
            if (sol[u] < -1) {
              free[f[u]] = false;
            }
          }
        }
      }
      if (ok) {
        break;
      }
    }
    for (int j = 0; j < ka; j++) {
      r[j] = Math.max(r[j], -1.0);
    }
    return r;
  }

  private static double[][] identity(int n) {
    double[][] m = new double[n][n];
    for (int i = 0; i < n; i++) {
      m[i][i] = 1;
    }
    return m;
  }
}
