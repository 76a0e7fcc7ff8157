package org.socsim.engine;

import java.util.Map;
import java.util.function.IntUnaryOperator;
import org.socsim.soc.Soc;

/**
 * Co-run interference as the engines' re-timing loops apply it ({@link Dynamics#coRun}): while tasks run on both
 * sides of the CPU/accelerator divide, each task on a unit with slowdown {@code s} progresses at {@code 1/(1+s)}.
 */
final class CoRun {
  private final double[] factor;
  private final boolean[] isCpu;

  CoRun(Soc soc, Map<Integer, Double> slowdown) {
    int n = soc.units().size();
    factor = new double[n];
    isCpu = new boolean[n];
    for (int u = 0; u < n; u++) {
      factor[u] = 1.0 + slowdown.getOrDefault(u, 0.0);
      isCpu[u] = soc.unit(u).isCpu();
    }
  }

  /** Per active task {@code k < n} (on unit {@code unitAt(k)}): the divisor of its rate now (1 when not slowed). */
  double[] divisors(int n, IntUnaryOperator unitAt) {
    double[] d = new double[n];
    boolean cpu = false;
    boolean acc = false;
    for (int k = 0; k < n; k++) {
      int u = unitAt.applyAsInt(k);
      cpu |= isCpu[u];
      acc |= !isCpu[u];
      d[k] = factor[u];
    }
    if (!(cpu && acc)) {
      java.util.Arrays.fill(d, 1.0);
    }
    return d;
  }
}
