package org.socsim.profile;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.socsim.graph.ModelGraph;
import org.socsim.graph.Op;

/**
 * A cost model fitted on whole-model latencies of many devices (the labels are model totals, not layers).
 *
 * <p>A model's latency on a setting (unit x thread count) is {@code X_m . c}, where {@code X_m} sums the
 * {@link LayerBasis} terms of its layers and {@code c >= 0} are the setting's coefficients. Each setting has only
 * a few dozen models, fewer than a free fit of every coefficient can use, so the fit is hierarchical:
 * <ol>
 *   <li>a pooled shape {@code p} per unit kind: {@code y_sm ~ s_s (X_m . p)}, fitted across all settings of the
 *       kind by alternating a closed-form scale per setting and a non-negative least-squares fit of {@code p},
 *       both on relative error (a 2 ms model counts as much as a 2 s one);</li>
 *   <li>per setting, {@code c} minimises {@code sum_m (X_m . c / y_m - 1)^2 + lambda sum_k ((c_k - s p_k) /
 *       (s p_k))^2}, {@code c >= 0}: it may leave the pooled shape where its own models say so, but pays for every
 *       relative step away from it. With few models measured (few-shot devices) the prior dominates.</li>
 * </ol>
 */
public final class PooledFit {
  /** Rounds of the alternating pooled fit. */
  static final int ROUNDS = 30;

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

  /** Pooled shape of the settings' data, and the scale of each setting. */
  public record Shape(double[] p, Map<String, Double> scale) {
  }

  public static Shape shape(Map<String, Data> settings) {
    int k = LayerBasis.K;
    Map<String, Double> scale = new LinkedHashMap<>();
    settings.keySet().forEach(s -> scale.put(s, 1.0));
    // Start: each setting scaled by its median latency per MMAC so that the first shape fit sees comparable rows.
    for (Map.Entry<String, Data> e : settings.entrySet()) {
      List<Double> r = new ArrayList<>();
      Data d = e.getValue();
      for (int i = 0; i < d.size(); i++) {
        double work = 0;
        for (int j = 1; j <= 6; j++) {
          work += d.x().get(i)[j];
        }
        r.add(d.y().get(i) / Math.max(work, 1e-9));
      }
      r.sort(Double::compare);
      scale.put(e.getKey(), r.isEmpty() ? 1.0 : Math.max(r.get(r.size() / 2), 1e-12));
    }
    double[] p = new double[k];
    for (int round = 0; round < ROUNDS; round++) {
      List<double[]> rows = new ArrayList<>();
      for (Map.Entry<String, Data> e : settings.entrySet()) {
        double s = scale.get(e.getKey());
        Data d = e.getValue();
        for (int i = 0; i < d.size(); i++) {
          double[] row = new double[k];
          for (int j = 0; j < k; j++) {
            row[j] = s * d.x().get(i)[j] / d.y().get(i);
          }
          rows.add(row);
        }
      }
      double[] ones = new double[rows.size()];
      java.util.Arrays.fill(ones, 1.0);
      p = Nnls.solve(rows.toArray(new double[0][]), ones);
      // Normalise the shape (scale is free) and refit each setting's scale in closed form.
      double norm = 0;
      for (double v : p) {
        norm += v;
      }
      for (int j = 0; j < k; j++) {
        p[j] /= norm;
      }
      for (Map.Entry<String, Data> e : settings.entrySet()) {
        scale.put(e.getKey(), scaleOf(p, e.getValue()));
      }
    }
    return new Shape(p, scale);
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

  /** A setting's coefficients shrunk toward {@code scale * p} with strength {@code lambda}. */
  public static double[] coefficients(double[] p, double scale, Data d, double lambda) {
    int k = p.length;
    int n = d.size();
    double[][] a = new double[n + k][k];
    double[] b = new double[n + k];
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < k; j++) {
        a[i][j] = d.x().get(i)[j] / d.y().get(i);
      }
      b[i] = 1;
    }
    double sl = Math.sqrt(lambda);
    for (int j = 0; j < k; j++) {
      double prior = scale * p[j];
      if (prior > 0) {
        a[n + j][j] = sl / prior;
        b[n + j] = sl;
      } else {
        // A term the pooled shape gives no weight stays at zero.
        a[n + j][j] = 1e6;
        b[n + j] = 0;
      }
    }
    return Nnls.solve(a, b);
  }
}
