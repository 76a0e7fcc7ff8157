package org.socsim.profile;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The ncnn cost model's fit: {@link PooledFit} twice, under two hypotheses about the per-layer cost, with each
 * setting's coefficients averaged (a linear model still, so profiles price single ops with it).
 */
public final class AveragedFit {
  private AveragedFit() {
  }

  /**
   * How much less a setting's per-layer cost shrinks than its overall speed scale in the second fit of
   * {@link #of}: the per-layer term is priced relative to (mean scale / the setting's scale) ^ this. Chosen from
   * {0.5, 1, and a 1 + log2(threads) factor instead} by leave-one-model-out on each half of the ncnn-bench models
   * (alternate names): both halves pick 0.5 (docs/fidelity.md).
   */
  static final double LAYER_SCALE_EXPONENT = 0.5;

  /**
   * The mean of two fits' coefficients per setting: {@link PooledFit#fit} as it is, and a fit in which a setting's per-layer
   * cost does not shrink in proportion to the setting's overall speed. The empirical-Bayes prior ties every term of
   * a setting to its speed scale, but a layer's fixed cost (dispatch, an OpenMP fork/join that grows with the
   * threads, a GPU kernel launch) falls less than the work does on a faster setting: many-thread CPUs and desktop
   * GPUs are the worst-predicted settings. The second fit multiplies the {@code layers} term of a setting of scale s
   * by (geometric mean scale / s) ^ {@link #LAYER_SCALE_EXPONENT} (scales of the plain fit) and brings its
   * coefficient back to the plain term. On its own it fits better in-sample but extrapolates worse to a model unlike
   * the others; the mean keeps the gain (docs/fidelity.md). Equal weights, not tuned. Shape, scales and prior
   * (zero-shot) are the plain fit's, so the phones' anchored shapes do not change.
   */
  public static PooledFit.Fit of(Map<String, PooledFit.Data> settings) {
    PooledFit.Fit plain = PooledFit.fit(settings);
    double gm = Math.exp(plain.scale().values().stream().filter(v -> v > 0).mapToDouble(Math::log).average()
        .orElse(0));
    Map<String, Double> factor = new LinkedHashMap<>();
    Map<String, PooledFit.Data> scaled = new LinkedHashMap<>();
    settings.forEach((key, d) -> {
      double sc = plain.scale().get(key);
      double f = sc > 0 ? Math.pow(gm / sc, LAYER_SCALE_EXPONENT) : 1.0;
      factor.put(key, f);
      PooledFit.Data s = new PooledFit.Data();
      for (int i = 0; i < d.size(); i++) {
        double[] x = d.x().get(i).clone();
        x[LayerBasis.LAYERS] *= f;
        s.add(x, d.y().get(i));
      }
      scaled.put(key, s);
    });
    PooledFit.Fit other = PooledFit.fit(scaled);
    Map<String, double[]> coef = new LinkedHashMap<>();
    plain.coef().forEach((key, c) -> {
      double[] o = other.coef().get(key);
      double[] m = new double[c.length];
      for (int j = 0; j < c.length; j++) {
        m[j] = (c[j] + (j == LayerBasis.LAYERS ? o[j] * factor.get(key) : o[j])) / 2;
      }
      coef.put(key, m);
    });
    return new PooledFit.Fit(plain.p(), plain.scale(), coef, plain.meanDeviation());
  }

}
