package org.socsim.profile;

import java.util.List;
import java.util.Map;
import org.socsim.graph.OpFeatures;

/**
 * The per-layer cost terms a generalising cost model is linear in: a layer's latency on a unit is
 * {@code sum_k c_k * x_k(layer)}, one non-negative coefficient per term per (unit, thread count). The terms
 * separate work that runs at different speeds on the same hardware in mobile runtimes such as ncnn:
 * <ul>
 *   <li>{@code wino}: 3x3 stride-1 convolutions with at least 16 input and output channels (the ones runtimes
 *       compute with Winograd transforms); {@code gemm}: 1x1 stride-1 convolutions and matrix products with
 *       several rows (attention, token MLPs); {@code dw}: depthwise convolutions; {@code convk}: every other
 *       convolution (im2col); {@code *_i8}: the same for int8 layers; {@code ip}: fully connected layers at
 *       batch 1 (matrix-vector, bound by reading the weights), fp32 and int8;</li>
 *   <li>{@code smallch}: MACs x (8 / input channels per group + 8 / output channels per group) of non-depthwise
 *       convolutions, the inefficiency of narrow layers (vector lanes and packing waste);
 *       {@code pack1}: MACs of convolutions whose channel counts are not multiples of 4 (no 4-wide packing);
 *       {@code grouped}: MACs of grouped, non-depthwise convolutions (also in {@code convk});</li>
 *   <li>{@code mem}: elements read and written by every layer that is not a convolution or matrix product;
 *       {@code detout}: input elements of detection-output layers (box decoding and NMS);
 *       {@code layers}: one per layer (dispatch and per-layer overhead).</li>
 * </ul>
 * Units: GMAC, 1e7 elements, 1e6 elements, 100 layers. The terms were chosen by leave-one-model-out on the ncnn
 * benchmark table (docs/fidelity.md records which terms helped and which did not).
 */
public final class LayerBasis {
  public static final String NAME = "layer-terms/2";

  public static final List<String> TERMS = List.of("wino", "convk", "gemm", "dw", "wino_i8", "convk_i8", "gemm_i8",
      "dw_i8", "ip", "smallch", "smallch_i8", "pack1", "grouped", "mem", "detout", "layers");

  public static final int K = TERMS.size();

  /**
   * For each rate term, the term that prices the same work when the data cannot tell them apart (the pooled fit
   * leaves the term at zero) and the factor between their units; -1 for efficiency terms (smallch, pack1,
   * grouped), which may be zero. A spatial convolution is priced like an im2col one and vice versa, int8 like
   * fp32, a batch-1 fully connected layer like a matrix product (a lower bound: it is bound by reading its
   * weights), NMS input per element like other memory traffic. Without this a layer type the fit could not
   * separate would cost nothing in a per-op simulation.
   */
  static final int[] FALLBACK = {1, 0, 1, 1, 0, 1, 2, 3, 2, -1, -1, -1, -1, -1, 13, -1};
  static final double[] FALLBACK_SCALE = {1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0, 0, 10, 0};

  /** The int8 terms, in basis order; each prices the same work as the fp32 term of its name without "_i8". */
  public static final List<String> INT8_TERMS = TERMS.stream().filter(t -> t.endsWith("_i8")).toList();

  private LayerBasis() {
  }

  /** Whether a term vector has int8 work. */
  public static boolean hasInt8(double[] x) {
    for (String t : INT8_TERMS) {
      if (x[TERMS.indexOf(t)] > 0) {
        return true;
      }
    }
    return false;
  }

  /** A fit whose int8 terms (shape, mean deviation, every setting's coefficient) equal their fp32 counterparts'. */
  static PooledFit.Fit int8AsFp32(PooledFit.Fit f) {
    double[] p = f.p().clone();
    double[] mu = f.meanDeviation().clone();
    Map<String, double[]> coef = new java.util.LinkedHashMap<>();
    f.coef().forEach((k, c) -> coef.put(k, c.clone()));
    INT8_TERMS.forEach(i8 -> {
      int a = TERMS.indexOf(i8);
      int b = TERMS.indexOf(i8.substring(0, i8.length() - 3));
      p[a] = p[b];
      mu[a] = mu[b];
      coef.values().forEach(c -> c[a] = c[b]);
    });
    return new PooledFit.Fit(p, f.scale(), coef, mu);
  }

  /** The term vector of one layer (all zeros for an op without features, e.g. a channel join). */
  public static double[] of(OpFeatures f) {
    double[] x = new double[K];
    if (!f.known()) {
      return x;
    }
    x[LAYERS] = 0.01;
    String fam = f.family();
    boolean int8 = fam.endsWith(".int8");
    String base = int8 ? fam.substring(0, fam.length() - 5) : fam;
    double g = f.macs() / 1e9;
    int q = int8 ? 4 : 0;
    if (base.equals("dwconv")) {
      x[3 + q] += g;
    } else if (base.equals("dense") && f.kernel() > 0) {
      long groups = Math.max(1, f.groups());
      long cin = Math.max(1, f.cin() / groups);
      long cout = Math.max(1, f.cout() / groups);
      if (groups > 1) {
        x[1 + q] += g;
        x[12] += g;
      } else if (f.kernel() == 1 && f.stride() <= 1) {
        x[2 + q] += g;
      } else if (f.kernel() == 3 && f.stride() <= 1 && cin >= 16 && cout >= 16) {
        x[q] += g;
      } else {
        x[1 + q] += g;
      }
      x[int8 ? 10 : 9] += g * (8.0 / cin + 8.0 / cout);
      if (f.cin() > 4 && (f.cin() % 4 != 0 || f.cout() % 4 != 0)) {
        x[11] += g;
      }
    } else if (base.equals("dense") && rows(f) > 1.5) {
      // Matrix products with several rows: attention, token MLPs (compute-bound like 1x1 convolutions).
      x[2] += g;
    } else if (base.equals("dense")) {
      x[8] += g;
    } else {
      double elems = (f.bytesIn() + f.bytesOut()) / 4.0;
      x[13] += elems / 1e7;
      if (base.equals("other")) {
        x[14] += f.bytesIn() / 4.0 / 1e6;
      }
    }
    return x;
  }

  /** Index of the per-layer term ({@code layers}). */
  public static final int LAYERS = TERMS.indexOf("layers");

  /** Rows of a matrix product (MACs / (inputs x outputs)); 1 for a fully connected layer at batch 1. */
  static double rows(OpFeatures f) {
    double io = (double) Math.max(1, f.cin()) * Math.max(1, f.cout());
    return f.macs() / io;
  }

  /**
   * What identifies a graph to a profile's per-model factors: its name, its multiply-accumulates (millions,
   * rounded) and its op count. A different graph of the same name (an ONNX export of the same network) does not
   * match, and is priced by the coefficients alone.
   */
  public static String signature(org.socsim.graph.ModelGraph g) {
    double macs = 0;
    for (org.socsim.graph.Op op : g.ops()) {
      macs += op.features().macs();
    }
    return g.name() + ":" + Math.round(macs / 1e6) + ":" + g.size();
  }

  public static double dot(double[] c, double[] x) {
    double s = 0;
    for (int k = 0; k < x.length; k++) {
      s += c[k] * x[k];
    }
    return s;
  }
}
