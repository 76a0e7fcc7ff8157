package org.socsim.traces.ncnn;

import java.util.List;
import java.util.Map;
import java.util.function.BiPredicate;
import org.socsim.traces.ncnn.NcnnBench.Setting;

/**
 * Whether a setting's latencies follow the work: the rank correlation of latency with multiply-accumulates over its
 * fp32 models (int8 graphs run other kernels, or fall back). On the shared table it is 0.02 to 1 everywhere but one
 * setting (median 0.94; many-core CPUs and discrete GPUs, dominated by per-layer costs, are the low end: a GPU-PV
 * virtual machine's GPU 0.02, a Xeon Phi 0.11); a negative one is not a measurement of these models (a Mali-G610
 * reported to run vgg16, 15.5 GMAC, in 0.56 ms, i.e. 55 TFLOP/s, while squeezenet takes 9.8 ms).
 */
final class NcnnWorkOrder {
  /** Fewest fp32 models a setting needs before its latency-vs-work ordering is checked. */
  static final int MIN_ORDERED = 8;

  private NcnnWorkOrder() {
  }

  /** Per checked setting (at least {@link #MIN_ORDERED} admitted fp32 models): the rank correlation with MACs. */
  static Map<Setting, Double> rho(NcnnBench bench, BiPredicate<Setting, String> admit) {
    Map<Setting, Double> out = new java.util.TreeMap<>();
    for (Map.Entry<Setting, Map<String, Double>> e : bench.table().entrySet()) {
      List<String> fp32 = e.getValue().keySet().stream().filter(g -> !g.contains("int8") && admit.test(e.getKey(), g))
          .toList();
      if (fp32.size() < MIN_ORDERED) {
        continue;
      }
      double[] macs = fp32.stream().mapToDouble(bench::macs).toArray();
      double[] ms = fp32.stream().mapToDouble(g -> e.getValue().get(g)).toArray();
      out.put(e.getKey(), spearman(macs, ms));
    }
    return out;
  }

  /** The notes for the settings that do not follow the work on the whole table (their rows are skipped). */
  static List<String> notes(NcnnBench bench) {
    List<String> out = new java.util.ArrayList<>();
    rho(bench, (st, g) -> true).forEach((s, rho) -> {
      if (rho < 0) {
        long n = bench.table().get(s).keySet().stream().filter(g -> !g.contains("int8")).count();
        out.add(String.format(java.util.Locale.ROOT, "%s, %s: latency falls as the work grows (rank correlation"
            + " with MACs %.2f over %d fp32 models): not a measurement of these models; its %d rows skipped",
            s.device(), s.unitId(), rho, n, bench.table().get(s).size()));
      }
    });
    return out;
  }

  /** Spearman rank correlation (ties get their mean rank); 0 when either side is constant. */
  static double spearman(double[] a, double[] b) {
    double rho = new org.apache.commons.math3.stat.correlation.SpearmansCorrelation().correlation(a, b);
    return Double.isNaN(rho) ? 0 : rho;
  }
}
