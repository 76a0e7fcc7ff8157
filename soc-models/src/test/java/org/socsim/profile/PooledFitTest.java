package org.socsim.profile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class PooledFitTest {
  @Test
  void nnlsSolvesAKnownProblemAndKeepsCoefficientsNonNegative() {
    // y = 2 x0 + 0 x1 + 3 x2 exactly; the unconstrained fit of a noisy copy wants x1 < 0.
    double[][] a = {{1, 0, 0}, {0, 1, 0}, {0, 0, 1}, {1, 1, 1}, {2, 0, 1}};
    double[] b = {2, -0.5, 3, 4.5, 7};
    double[] x = Nnls.solve(a, b);
    for (double v : x) {
      assertTrue(v >= 0, java.util.Arrays.toString(x));
    }
    assertEquals(0.0, x[1], 1e-12);
    assertEquals(2.0, x[0], 0.2);
    assertEquals(3.0, x[2], 0.2);
  }

  /** Settings that share one shape up to a scale: the pooled fit recovers the shape and each scale. */
  @Test
  void recoversASharedShapeAndPerSettingScales() {
    Random rnd = new Random(7);
    int k = LayerBasis.K;
    double[] shape = new double[k];
    for (int j = 0; j < k; j++) {
      shape[j] = j % 3 == 0 ? 0.5 + j : 0.2 * (j + 1);
    }
    double[][] models = new double[40][k];
    for (double[] m : models) {
      for (int j = 0; j < k; j++) {
        m[j] = rnd.nextDouble() < 0.6 ? rnd.nextDouble() * 3 : 0;
      }
    }
    Map<String, PooledFit.Data> settings = new LinkedHashMap<>();
    double[] scales = {0.5, 1, 2, 4, 8};
    for (int s = 0; s < scales.length; s++) {
      PooledFit.Data d = new PooledFit.Data();
      for (double[] m : models) {
        d.add(m, scales[s] * LayerBasis.dot(shape, m));
      }
      settings.put("s" + s, d);
    }
    PooledFit.Fit fit = PooledFit.fit(settings);
    for (int s = 0; s < scales.length; s++) {
      double[] c = fit.coef().get("s" + s);
      for (double[] m : models) {
        double y = scales[s] * LayerBasis.dot(shape, m);
        if (y > 0) {
          assertEquals(1.0, LayerBasis.dot(c, m) / y, 1e-3);
        }
      }
    }
    // Relative pricing between terms is the true shape's.
    double ratio = fit.p()[0] / shape[0];
    for (int j = 0; j < k; j++) {
      assertEquals(shape[j] * ratio, fit.p()[j], 1e-3 * shape[j] * ratio + 1e-9, "term " + j);
    }
  }
}
