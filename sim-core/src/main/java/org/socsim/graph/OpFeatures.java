package org.socsim.graph;

import java.util.List;
import java.util.Locale;

/**
 * What a cost model may know about an op besides its name: arithmetic, memory traffic and shape facts.
 *
 * @param family    cost family ({@code conv}, {@code dwconv}, {@code gemm}, {@code pool}, {@code elementwise},
 *                  {@code norm}, {@code data}, {@code other})
 * @param macs      multiply-accumulates (FLOPs = 2 x MACs for conv/gemm; elementwise ops count 1 FLOP per output)
 * @param flops     floating-point operations
 * @param bytesIn   bytes read: activations and weights
 * @param bytesOut  bytes written
 * @param params    weight elements
 * @param kernel    spatial kernel size (k of k x k), 0 when not a conv/pool
 * @param stride    spatial stride, 0 when not known
 * @param groups    conv groups (1 = dense, cin = depthwise), 0 when not a conv
 * @param cin       input channels, 0 when not known
 * @param cout      output channels, 0 when not known
 */
public record OpFeatures(String family, double macs, double flops, long bytesIn, long bytesOut, long params, int kernel,
    int stride, long groups, long cin, long cout) {
  public static final OpFeatures NONE = new OpFeatures("other", 0, 0, 0, 0, 0, 0, 0, 0, 0, 0);

  public boolean known() {
    return bytesIn > 0 || bytesOut > 0 || flops > 0;
  }

  /** The same features with {@code params} weight elements (e.g. counted from a graph's initializers). */
  public OpFeatures withParams(long p) {
    return new OpFeatures(family, macs, flops, bytesIn, bytesOut, p, kernel, stride, groups, cin, cout);
  }

  /** The features of a fraction {@code f} of the op's output channels (channel split). */
  public OpFeatures fraction(double f) {
    long w = Math.round(params * f);
    long actIn = bytesIn - params * 4;
    boolean depthwise = family.equals("dwconv");
    long in = Math.round((depthwise ? actIn * f : actIn) + w * 4.0);
    return new OpFeatures(family, macs * f, flops * f, in, Math.round(bytesOut * f), w, kernel, stride, groups,
        depthwise ? Math.round(cin * f) : cin, Math.round(cout * f));
  }

  /**
   * Features from an op's type and tensor shapes (as in an ONNX graph or an ONNX Runtime profile). Fused
   * kernels keep the family of their main op (a Conv fused with Clip is a conv).
   *
   * @param inputs  input shapes, data first then weights (null entries for unknown)
   * @param outputs output shapes
   * @param elemBytes bytes per element
   */
  public static OpFeatures of(String opType, List<long[]> inputs, List<long[]> outputs, int elemBytes) {
    String op = opType.toLowerCase(Locale.ROOT);
    long bytesIn = 0;
    for (long[] s : inputs) {
      bytesIn += elems(s) * elemBytes;
    }
    long bytesOut = 0;
    long outElems = 0;
    for (long[] s : outputs) {
      bytesOut += elems(s) * elemBytes;
      outElems += elems(s);
    }
    long[] x = inputs.isEmpty() ? null : inputs.get(0);
    long[] w = inputs.size() > 1 ? inputs.get(1) : null;
    long[] y = outputs.isEmpty() ? null : outputs.get(0);
    if (op.contains("conv") && w != null && w.length == 4 && x != null && x.length == 4 && y != null) {
      long cin = x[1];
      long groups = Math.max(1, cin / Math.max(1, w[1]));
      long params = elems(w) + (inputs.size() > 2 ? elems(inputs.get(2)) : 0);
      double macs = (double) elems(y) * w[1] * w[2] * w[3];
      int stride = y[2] > 0 ? (int) Math.max(1, Math.round((double) x[2] / y[2])) : 1;
      String fam = groups > 1 && groups == cin ? "dwconv" : "dense";
      return new OpFeatures(fam, macs, 2 * macs, bytesIn, bytesOut, params, (int) w[2], stride, groups, cin, y[1]);
    }
    if ((op.equals("gemm") || op.equals("matmul") || op.equals("fusedmatmul") || op.equals("fusedgemm"))
        && x != null && w != null && y != null && x.length >= 1) {
      long k = op.contains("gemm") && w.length == 2 && y.length == 2 && w[0] != y[1] ? w[0] == x[x.length - 1] ? w[0]
          : w[1] : x[x.length - 1];
      double macs = (double) elems(y) * k;
      long params = op.contains("gemm") ? elems(w) + (inputs.size() > 2 ? elems(inputs.get(2)) : 0) : 0;
      return new OpFeatures("dense", macs, 2 * macs, bytesIn, bytesOut, params, 0, 0, 0, k, y[y.length - 1]);
    }
    if (op.contains("pool")) {
      double flops = op.startsWith("global") ? elems(x) : Math.max(elems(x), outElems);
      return new OpFeatures("pool", 0, flops, bytesIn, bytesOut, 0, 0, 0, 0, x == null || x.length < 2 ? 0 : x[1],
          y == null || y.length < 2 ? 0 : y[1]);
    }
    if (op.contains("norm") || op.equals("softmax")) {
      return new OpFeatures("norm", 0, 5.0 * outElems, bytesIn, bytesOut, 0, 0, 0, 0, 0, 0);
    }
    if (DATA.contains(op)) {
      return new OpFeatures("data", 0, 0, bytesIn, bytesOut, 0, 0, 0, 0, 0, 0);
    }
    if (ELEMENTWISE.contains(op)) {
      return new OpFeatures("elementwise", 0, outElems, bytesIn, bytesOut, 0, 0, 0, 0, 0, 0);
    }
    return new OpFeatures("other", 0, outElems, bytesIn, bytesOut, 0, 0, 0, 0, 0, 0);
  }

  private static final java.util.Set<String> DATA = java.util.Set.of("concat", "reshape", "transpose", "flatten",
      "gather", "slice", "squeeze", "unsqueeze", "shape", "cast", "expand", "split", "reorderinput", "reorderoutput",
      "identity", "constantofshape", "dropout", "pad");
  private static final java.util.Set<String> ELEMENTWISE = java.util.Set.of("add", "sub", "mul", "div", "relu",
      "clip", "sigmoid", "hardsigmoid", "hardswish", "tanh", "erf", "sqrt", "pow", "mod", "max", "min", "equal",
      "where", "neg", "exp", "log", "abs", "leakyrelu", "gelu", "sum", "reciprocal", "not", "less", "greater");

  static long elems(long[] s) {
    if (s == null) {
      return 0;
    }
    long n = 1;
    for (long d : s) {
      if (d < 0) {
        return 0;
      }
      n *= d;
    }
    return n;
  }
}
