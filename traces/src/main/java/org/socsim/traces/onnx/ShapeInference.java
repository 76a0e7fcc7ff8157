package org.socsim.traces.onnx;

import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Fills in output shapes the file does not carry (no {@code value_info}) for the common CNN and transformer ops,
 * folding small int64 constants (Shape/Gather/Unsqueeze/Concat chains) so Reshape targets resolve. An op it
 * does not know, or an input of unknown shape, leaves its outputs unknown (bytes and FLOPs then count as 0).
 */
final class ShapeInference {
  private final Map<String, OnnxModel.TensorType> t;
  private final Map<String, long[]> c;

  private ShapeInference(OnnxModel m) {
    this.t = new LinkedHashMap<>(m.tensors());
    this.c = new HashMap<>(m.constants());
  }

  static OnnxModel complete(OnnxModel m) {
    ShapeInference si = new ShapeInference(m);
    for (OnnxModel.Node n : m.nodes()) {
      try {
        OnnxChecks.node(n, si.shape(n, 0), si.shape(n, 1));
        if (n.outputs().isEmpty() || si.known(n.outputs().get(0)) && !n.opType().equals("Shape")) {
          continue;
        }
        si.infer(n);
      } catch (OnnxChecks.BadShape e) {
        throw new OnnxChecks.BadShape("node '" + n.name() + "' (" + n.opType() + "): " + e.getMessage());
      } catch (RuntimeException e) {
        // an unusual attribute combination: leave the output unknown rather than guess
      }
    }
    return new OnnxModel(m.name(), m.opset(), m.nodes(), m.graphInputs(), m.graphOutputs(), si.t, m.initializers(),
        si.c);
  }

  private boolean known(String name) {
    OnnxModel.TensorType x = t.get(name);
    return x != null && x.known();
  }

  private long[] shape(OnnxModel.Node n, int input) {
    if (input >= n.inputs().size() || n.inputs().get(input).isEmpty()) {
      return null;
    }
    OnnxModel.TensorType x = t.get(n.inputs().get(input));
    return x == null || !x.known() ? null : x.shape();
  }

  private int elem(OnnxModel.Node n) {
    OnnxModel.TensorType x = n.inputs().isEmpty() ? null : t.get(n.inputs().get(0));
    return x == null ? 1 : x.elemType();
  }

  private void out(OnnxModel.Node n, long[] shape, int elemType) {
    OnnxChecks.output(n, shape);
    if (shape != null) {
      t.put(n.outputs().get(0), new OnnxModel.TensorType(elemType, shape));
    }
  }

  private long[] constant(OnnxModel.Node n, int input) {
    return input < n.inputs().size() ? c.get(n.inputs().get(input)) : null;
  }

  private void infer(OnnxModel.Node n) {
    long[] x = shape(n, 0);
    int e = elem(n);
    switch (n.opType()) {
      case "Conv" -> out(n, conv(n, x, shape(n, 1)), e);
      case "MaxPool", "AveragePool" -> out(n, pool(n, x), e);
      case "GlobalAveragePool", "GlobalMaxPool" -> out(n, x == null ? null : keepNC(x), e);
      case "Gemm" -> {
        long[] a = x;
        long[] b = shape(n, 1);
        if (a != null && b != null) {
          long m = n.i("transA", 0) == 1 ? a[1] : a[0];
          long nn = n.i("transB", 0) == 1 ? b[0] : b[1];
          out(n, new long[] {m, nn}, e);
        }
      }
      case "MatMul" -> out(n, matmul(x, shape(n, 1)), e);
      case "Relu", "Clip", "Sigmoid", "HardSigmoid", "HardSwish", "Tanh", "Erf", "Sqrt", "Softmax",
          "LayerNormalization", "BatchNormalization", "Dropout", "Identity", "Neg", "Exp", "Log", "Abs",
          "LeakyRelu", "Gelu", "Not", "Reciprocal" -> {
        out(n, x, e);
        if (constant(n, 0) != null && (n.opType().equals("Identity"))) {
          c.put(n.outputs().get(0), constant(n, 0));
        }
      }
      case "Cast" -> {
        out(n, x, (int) n.i("to", e));
        if (constant(n, 0) != null) {
          c.put(n.outputs().get(0), constant(n, 0));
        }
      }
      case "Add", "Sub", "Mul", "Div", "Pow", "Mod", "Max", "Min", "Equal", "Less", "Greater", "Where" -> {
        long[] s = x;
        for (int k = 1; k < n.inputs().size() && s != null; k++) {
          s = broadcast(s, shape(n, k));
        }
        out(n, s, n.opType().equals("Equal") || n.opType().equals("Less") || n.opType().equals("Greater") ? 9
            : n.opType().equals("Where") ? elem(n.inputs().size() > 1 ? n.inputs().get(1) : null, e) : e);
      }
      case "Concat" -> concat(n, e);
      case "Flatten" -> {
        if (x != null) {
          int axis = (int) norm(n.i("axis", 1), x.length + 1);
          out(n, new long[] {prod(x, 0, axis), prod(x, axis, x.length)}, e);
        }
      }
      case "Reshape" -> out(n, reshape(x, constant(n, 1)), e);
      case "Transpose" -> {
        if (x != null) {
          long[] perm = n.ints("perm");
          long[] s = new long[x.length];
          for (int k = 0; k < s.length; k++) {
            s[k] = x[perm == null ? x.length - 1 - k : (int) perm[k]];
          }
          out(n, s, e);
        }
      }
      case "Shape" -> {
        if (x != null) {
          out(n, new long[] {x.length}, 7);
          c.put(n.outputs().get(0), x.clone());
        }
      }
      case "Unsqueeze", "Squeeze" -> squeeze(n, x, e);
      case "Gather" -> gather(n, x, e);
      case "ReduceMean", "ReduceSum", "ReduceMax" -> {
        long[] axes = n.ints("axes") != null ? n.ints("axes") : constant(n, 1);
        if (x != null && axes != null) {
          boolean keep = n.i("keepdims", 1) == 1;
          long[] s = x.clone();
          for (long a : axes) {
            s[(int) norm(a, x.length)] = keep ? 1 : -2;
          }
          out(n, Arrays.stream(s).filter(d -> d != -2).toArray(), e);
        }
      }
      case "Slice" -> slice(n, x, e);
      case "Expand" -> {
        long[] s = constant(n, 1);
        out(n, x == null || s == null ? null : broadcast(x, s), e);
      }
      case "ConstantOfShape" -> out(n, constant(n, 0), 1);
      default -> {
      }
    }
  }

  private int elem(String name, int dflt) {
    OnnxModel.TensorType x = name == null ? null : t.get(name);
    return x == null ? dflt : x.elemType();
  }

  private static long[] keepNC(long[] x) {
    long[] s = new long[x.length];
    Arrays.fill(s, 1);
    s[0] = x[0];
    s[1] = x[1];
    return s;
  }

  private static long[] conv(OnnxModel.Node n, long[] x, long[] w) {
    if (x == null || w == null) {
      return null;
    }
    long[] s = new long[x.length];
    s[0] = x[0];
    s[1] = w[0];
    spatial(n, x, Arrays.copyOfRange(w, 2, w.length), s, false);
    return s;
  }

  private static long[] pool(OnnxModel.Node n, long[] x) {
    long[] k = n.ints("kernel_shape");
    if (x == null || k == null) {
      return null;
    }
    long[] s = x.clone();
    spatial(n, x, k, s, n.i("ceil_mode", 0) == 1);
    return s;
  }

  private static void spatial(OnnxModel.Node n, long[] x, long[] k, long[] s, boolean ceil) {
    int d = k.length;
    long[] strides = n.ints("strides");
    long[] pads = n.ints("pads");
    long[] dil = n.ints("dilations");
    String auto = n.s("auto_pad", "NOTSET");
    for (int i = 0; i < d; i++) {
      long in = x[2 + i];
      long st = strides == null ? 1 : strides[i];
      long dl = dil == null ? 1 : dil[i];
      if (auto.startsWith("SAME")) {
        s[2 + i] = (in + st - 1) / st;
      } else if (auto.equals("VALID")) {
        s[2 + i] = (in - dl * (k[i] - 1) - 1) / st + 1;
      } else {
        long p = pads == null ? 0 : pads[i] + pads[i + d];
        long num = in + p - dl * (k[i] - 1) - 1;
        s[2 + i] = (ceil ? (num + st - 1) / st : num / st) + 1;
      }
    }
  }

  private static long[] matmul(long[] a, long[] b) {
    if (a == null || b == null || a.length < 1 || b.length < 1) {
      return null;
    }
    if (b.length == 1) {
      return Arrays.copyOf(a, a.length - 1);
    }
    long[] batchA = Arrays.copyOf(a, Math.max(0, a.length - 2));
    long[] batchB = Arrays.copyOf(b, b.length - 2);
    long[] batch = broadcast(batchA, batchB);
    long[] s = Arrays.copyOf(batch, batch.length + (a.length >= 2 ? 2 : 1));
    if (a.length >= 2) {
      s[batch.length] = a[a.length - 2];
      s[batch.length + 1] = b[b.length - 1];
    } else {
      s[batch.length] = b[b.length - 1];
    }
    return s;
  }

  static long[] broadcast(long[] a, long[] b) {
    if (a == null || b == null) {
      return null;
    }
    int r = Math.max(a.length, b.length);
    long[] s = new long[r];
    for (int i = 0; i < r; i++) {
      long da = i < r - a.length ? 1 : a[i - (r - a.length)];
      long db = i < r - b.length ? 1 : b[i - (r - b.length)];
      s[i] = da == 1 ? db : da;
    }
    return s;
  }

  private void concat(OnnxModel.Node n, int e) {
    long[] first = shape(n, 0);
    boolean allConst = true;
    List<String> ins = n.inputs();
    long[] sum = first == null ? null : first.clone();
    int axis = first == null ? 0 : (int) norm(n.i("axis", 0), first.length);
    java.util.List<Long> folded = new java.util.ArrayList<>();
    for (int k = 0; k < ins.size(); k++) {
      long[] cv = c.get(ins.get(k));
      if (cv == null) {
        allConst = false;
      } else {
        for (long v : cv) {
          folded.add(v);
        }
      }
      if (k > 0 && sum != null) {
        long[] s = shape(n, k);
        sum = s == null ? null : sum;
        if (sum != null) {
          sum[axis] += s[axis];
        }
      }
    }
    out(n, sum, e);
    if (allConst) {
      c.put(n.outputs().get(0), folded.stream().mapToLong(Long::longValue).toArray());
      out(n, new long[] {folded.size()}, 7);
    }
  }

  private static long[] reshape(long[] x, long[] target) {
    if (x == null || target == null) {
      return null;
    }
    long[] s = target.clone();
    long known = 1;
    int infer = -1;
    for (int i = 0; i < s.length; i++) {
      if (s[i] == 0) {
        s[i] = x[i];
      }
      if (s[i] == -1) {
        infer = i;
      } else {
        known *= s[i];
      }
    }
    if (infer >= 0) {
      s[infer] = prod(x, 0, x.length) / Math.max(1, known);
    }
    return s;
  }

  private void squeeze(OnnxModel.Node n, long[] x, int e) {
    long[] axes = n.ints("axes") != null ? n.ints("axes") : constant(n, 1);
    long[] cv = constant(n, 0);
    if (n.opType().equals("Unsqueeze")) {
      if (x != null && axes != null) {
        int r = x.length + axes.length;
        long[] s = new long[r];
        boolean[] ins = new boolean[r];
        for (long a : axes) {
          ins[(int) norm(a, r)] = true;
        }
        for (int i = 0, j = 0; i < r; i++) {
          s[i] = ins[i] ? 1 : x[j++];
        }
        out(n, s, e);
      }
    } else if (x != null) {
      long[] s;
      if (axes == null) {
        s = Arrays.stream(x).filter(d -> d != 1).toArray();
      } else {
        boolean[] drop = new boolean[x.length];
        for (long a : axes) {
          drop[(int) norm(a, x.length)] = true;
        }
        s = java.util.stream.IntStream.range(0, x.length).filter(i -> !drop[i]).mapToLong(i -> x[i]).toArray();
      }
      out(n, s, e);
    }
    if (cv != null) {
      c.put(n.outputs().get(0), cv);
    }
  }

  private void gather(OnnxModel.Node n, long[] x, int e) {
    long[] idx = shape(n, 1);
    if (x != null && idx != null) {
      int axis = (int) norm(n.i("axis", 0), x.length);
      long[] s = new long[x.length - 1 + idx.length];
      int k = 0;
      for (int i = 0; i < axis; i++) {
        s[k++] = x[i];
      }
      for (long d : idx) {
        s[k++] = d;
      }
      for (int i = axis + 1; i < x.length; i++) {
        s[k++] = x[i];
      }
      out(n, s, e);
    }
    long[] data = constant(n, 0);
    long[] ids = constant(n, 1);
    if (data != null && ids != null) {
      long[] v = new long[ids.length];
      for (int i = 0; i < ids.length; i++) {
        v[i] = data[(int) norm(ids[i], data.length)];
      }
      c.put(n.outputs().get(0), v);
    }
  }

  private void slice(OnnxModel.Node n, long[] x, int e) {
    long[] starts = constant(n, 1);
    long[] ends = constant(n, 2);
    long[] axes = constant(n, 3);
    long[] steps = constant(n, 4);
    if (x == null || starts == null || ends == null) {
      return;
    }
    long[] s = x.clone();
    for (int i = 0; i < starts.length; i++) {
      int a = axes == null ? i : (int) norm(axes[i], x.length);
      long st = steps == null ? 1 : steps[i];
      long dim = x[a];
      long b = clamp(starts[i] < 0 ? starts[i] + dim : starts[i], dim);
      long en = clamp(ends[i] < 0 ? ends[i] + dim : ends[i], dim);
      s[a] = Math.max(0, (en - b + st - 1) / st);
    }
    out(n, s, e);
  }

  private static long clamp(long v, long dim) {
    return Math.max(0, Math.min(v, dim));
  }

  private static long norm(long axis, long rank) {
    return axis < 0 ? axis + rank : axis;
  }

  private static long prod(long[] x, int from, int to) {
    long p = 1;
    for (int i = from; i < to; i++) {
      p *= x[i];
    }
    return p;
  }
}
