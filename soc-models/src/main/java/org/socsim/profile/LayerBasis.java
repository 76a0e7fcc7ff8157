package org.socsim.profile;

import java.util.List;
import org.socsim.graph.OpFeatures;

/**
 * The per-layer cost terms a generalising cost model is linear in: a layer's latency on a unit is
 * {@code sum_k c_k * x_k(layer)} with one non-negative coefficient per term per (unit, thread count). Terms
 * separate work that runs at different speeds on the same hardware: spatial convolutions, pointwise (1x1)
 * convolutions, depthwise convolutions, fully connected / matrix products, int8 arithmetic, memory-bound layers,
 * and a per-layer overhead (dispatch, scheduling, small-layer inefficiency). Work is in millions of MACs, memory
 * in MB, so coefficients are microseconds per MMAC / per MB / per layer.
 */
public final class LayerBasis {
  public static final String NAME = "layer-terms/1";

  public static final List<String> TERMS = List.of("layer", "conv3x3s1_mmacs", "conv_mmacs", "pointwise_mmacs",
      "depthwise_mmacs", "gemv_mmacs", "int8_mmacs", "memory_mb", "weights_mb");

  public static final int K = TERMS.size();

  private LayerBasis() {
  }

  /** The term vector of one layer (all zeros for an op without features, e.g. a channel join). */
  public static double[] of(OpFeatures f) {
    double[] x = new double[K];
    if (!f.known()) {
      return x;
    }
    x[0] = 1;
    String fam = f.family();
    double mmacs = f.macs() / 1e6;
    boolean int8 = fam.endsWith(".int8");
    String base = int8 ? fam.substring(0, fam.length() - 5) : fam;
    long weightBytes = f.params() * (int8 ? 1L : 4L);
    double actBytes = Math.max(0, f.bytesIn() - weightBytes) + f.bytesOut();
    if (int8 && mmacs > 0) {
      x[6] = mmacs;
    } else if (base.equals("dwconv")) {
      x[4] = mmacs;
    } else if (base.equals("dense") && f.kernel() == 3 && f.stride() <= 1) {
      // 3x3 stride-1 convolutions: the ones runtimes compute with Winograd transforms (fewer real multiplies).
      x[1] = mmacs;
    } else if (base.equals("dense") && f.kernel() > 1) {
      x[2] = mmacs;
    } else if (base.equals("dense") && (f.kernel() == 1 || rows(f) > 1)) {
      // 1x1 convolutions and matrix products with several rows (attention, token MLPs): compute-bound GEMMs.
      x[3] = mmacs;
    } else if (base.equals("dense")) {
      // One row (a fully connected layer at batch 1): a matrix-vector product, bound by reading the weights.
      x[5] = mmacs;
    }
    x[7] = actBytes / 1e6;
    x[8] = weightBytes / 1e6;
    return x;
  }

  /** Rows of a matrix product (MACs / (inputs x outputs)); 1 for a fully connected layer at batch 1. */
  static double rows(OpFeatures f) {
    double io = (double) Math.max(1, f.cin()) * Math.max(1, f.cout());
    return f.macs() / io;
  }

  public static double dot(double[] c, double[] x) {
    double s = 0;
    for (int k = 0; k < x.length; k++) {
      s += c[k] * x[k];
    }
    return s;
  }
}
