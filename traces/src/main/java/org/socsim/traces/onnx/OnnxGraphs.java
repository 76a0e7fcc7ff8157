package org.socsim.traces.onnx;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.socsim.graph.ModelGraph;
import org.socsim.graph.OpFeatures;

/**
 * Turns an ONNX graph into a socsim {@link ModelGraph}: one op per compute node (Constant and Identity nodes
 * are folded away: they carry weights and shapes, not work), edges for activations with their byte sizes,
 * features (FLOPs, bytes, params, kernel, groups) from the tensor shapes.
 */
public final class OnnxGraphs {
  private OnnxGraphs() {
  }

  public static ModelGraph load(Path file) {
    try {
      return toGraph(OnnxReader.read(file));
    } catch (UnknownOp e) {
      throw new org.socsim.traces.TraceFormatException(file, 0, e.getMessage());
    }
  }

  /** An op type socsim cannot price (never a silent zero-cost or guessed op). */
  static final class UnknownOp extends IllegalArgumentException {
    UnknownOp(String msg) {
      super(msg);
    }
  }

  public static ModelGraph toGraph(OnnxModel m) {
    ModelGraph.Builder b = new ModelGraph.Builder(m.name());
    Map<String, String> producer = new HashMap<>();
    Map<String, String> alias = new HashMap<>();
    Set<String> used = new HashSet<>();
    int k = 0;
    for (OnnxModel.Node n : m.nodes()) {
      k++;
      if (n.opType().equals("Constant")) {
        continue;
      }
      if (n.opType().equals("Identity") && n.inputs().size() == 1 && n.outputs().size() == 1) {
        alias.put(n.outputs().get(0), resolve(alias, n.inputs().get(0)));
        continue;
      }
      String name = n.name().isEmpty() ? n.opType() + "_" + k : n.name();
      while (!used.add(name)) {
        name = name + "#" + k;
      }
      List<long[]> ins = new ArrayList<>();
      int elemBytes = 4;
      for (String in : n.inputs()) {
        OnnxModel.TensorType t = in.isEmpty() ? null : m.tensors().get(resolve(alias, in));
        ins.add(t != null && t.known() ? t.shape() : null);
        if (t != null && ins.size() == 1) {
          elemBytes = OnnxModel.elemBytes(t.elemType());
        }
      }
      List<long[]> outs = new ArrayList<>();
      for (String out : n.outputs()) {
        OnnxModel.TensorType t = m.tensors().get(out);
        outs.add(t != null && t.known() ? t.shape() : null);
      }
      long params = 0;
      for (String in : n.inputs()) {
        OnnxModel.Initializer w = m.initializers().get(resolve(alias, in));
        if (w != null && w.dataType() == 1) {
          long e = 1;
          for (long d : w.dims()) {
            e *= d;
          }
          params += e;
        }
      }
      OpFeatures f = OpFeatures.of(n.opType(), ins, outs, elemBytes).withParams(params);
      if (f.family().equals("other")) {
        boolean shapes = ins.stream().allMatch(java.util.Objects::nonNull);
        throw new UnknownOp("node " + name + ": " + (shapes ? "unknown ONNX op type '" + n.opType() + "'"
            : "op type '" + n.opType() + "' with tensor shapes that cannot be inferred (inputs " + shapes(ins)
            + ")") + " (socsim prices conv, gemm/matmul, pooling, normalisation, elementwise and data-movement"
            + " ops of known shapes)");
      }
      b.op(name, n.opType(), f);
      for (String in : n.inputs()) {
        String src = producer.get(resolve(alias, in));
        if (src != null) {
          OnnxModel.TensorType t = m.tensors().get(resolve(alias, in));
          boolean known = t != null && t.known();
          b.edge(src, name, known ? t.bytes() : org.socsim.graph.Edge.UNKNOWN_BYTES,
              known ? join(t.shape()) : "");
        }
      }
      for (String out : n.outputs()) {
        producer.put(out, name);
      }
    }
    return b.build();
  }

  private static String resolve(Map<String, String> alias, String t) {
    String r = t;
    for (int guard = 0; alias.containsKey(r) && guard < 1000; guard++) {
      r = alias.get(r);
    }
    return r;
  }

  private static String shapes(List<long[]> s) {
    return s.stream().map(x -> x == null ? "?" : "[" + join(x) + "]").toList().toString();
  }

  private static String join(long[] s) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < s.length; i++) {
      sb.append(i == 0 ? "" : ",").append(s[i]);
    }
    return sb.toString();
  }
}
