package org.socsim.traces.onnx;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.socsim.traces.TraceFormatException;

/**
 * Reads an ONNX {@code ModelProto} (protobuf wire format, field numbers of onnx.proto) without generated code.
 * Graph-only files whose initializers carry dims but no data are fine. A truncated or non-ONNX file gives a
 * {@link TraceFormatException} naming the byte offset.
 */
public final class OnnxReader {
  private OnnxReader() {
  }

  public static OnnxModel read(Path file) {
    if (!Files.isRegularFile(file)) {
      throw new TraceFormatException(file, 0, "file not found (expected an .onnx model)");
    }
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(file);
    } catch (IOException e) {
      throw new TraceFormatException(file, 0, "cannot read: " + e.getMessage());
    }
    String name = file.getFileName().toString().replaceFirst("(\\.graph-only)?\\.onnx$", "");
    try {
      OnnxModel m = parse(bytes, name);
      if (m.nodes().isEmpty()) {
        throw new TraceFormatException(file, 0, "expected an ONNX ModelProto with a graph of nodes, found none");
      }
      return ShapeInference.complete(topological(m, file));
    } catch (ProtoReader.Truncated e) {
      throw new TraceFormatException(file, 0, "expected an ONNX ModelProto (protobuf), file is truncated or not"
          + " ONNX: " + e.getMessage());
    }
  }

  /**
   * The model with its nodes in data-dependency order (stable: file order among ready nodes), whatever order the
   * file lists them in. A tensor produced twice, a node input that nothing produces (not a graph input, an
   * initializer or a constant), or a cycle is an error naming the node.
   */
  static OnnxModel topological(OnnxModel m, Path file) {
    Map<String, Integer> producer = new java.util.HashMap<>();
    List<OnnxModel.Node> nodes = m.nodes();
    for (int i = 0; i < nodes.size(); i++) {
      for (String o : nodes.get(i).outputs()) {
        if (!o.isEmpty() && producer.put(o, i) != null) {
          throw new TraceFormatException(file, 0, "tensor '" + o + "' is produced by two nodes (node "
              + label(nodes.get(i), i) + " and an earlier one); expected each tensor produced once");
        }
      }
    }
    java.util.Set<String> given = new java.util.HashSet<>(m.graphInputs());
    given.addAll(m.initializers().keySet());
    given.addAll(m.constants().keySet());
    int[] indegree = new int[nodes.size()];
    List<List<Integer>> next = new java.util.ArrayList<>();
    for (int i = 0; i < nodes.size(); i++) {
      next.add(new java.util.ArrayList<>());
    }
    for (int i = 0; i < nodes.size(); i++) {
      for (String in : new java.util.LinkedHashSet<>(nodes.get(i).inputs())) {
        if (in.isEmpty()) {
          continue;
        }
        Integer p = producer.get(in);
        if (p == null) {
          if (!given.contains(in)) {
            throw new TraceFormatException(file, 0, "node " + label(nodes.get(i), i) + " reads tensor '" + in
                + "' that no node, graph input or initializer provides");
          }
          continue;
        }
        next.get(p).add(i);
        indegree[i]++;
      }
    }
    java.util.PriorityQueue<Integer> ready = new java.util.PriorityQueue<>();
    for (int i = 0; i < nodes.size(); i++) {
      if (indegree[i] == 0) {
        ready.add(i);
      }
    }
    List<OnnxModel.Node> order = new java.util.ArrayList<>(nodes.size());
    while (!ready.isEmpty()) {
      int i = ready.poll();
      order.add(nodes.get(i));
      for (int j : next.get(i)) {
        if (--indegree[j] == 0) {
          ready.add(j);
        }
      }
    }
    if (order.size() < nodes.size()) {
      for (int i = 0; i < nodes.size(); i++) {
        if (indegree[i] > 0) {
          throw new TraceFormatException(file, 0, "node " + label(nodes.get(i), i) + " is on a cycle; expected an"
              + " acyclic graph");
        }
      }
    }
    return new OnnxModel(m.name(), m.opset(), order, m.graphInputs(), m.graphOutputs(), m.tensors(),
        m.initializers(), m.constants());
  }

  private static String label(OnnxModel.Node n, int i) {
    return "#" + i + " " + (n.name().isEmpty() ? "" : "'" + n.name() + "' ") + "(" + n.opType() + ")";
  }

  static OnnxModel parse(byte[] bytes, String name) {
    ProtoReader r = new ProtoReader(bytes, 0, bytes.length);
    long opset = 0;
    ProtoReader graph = null;
    boolean sawIr = false;
    while (r.more()) {
      int tag = r.tag();
      int field = tag >>> 3;
      int wt = tag & 7;
      if (field == 1 && wt == 0) {
        r.varint();
        sawIr = true;
      } else if (field == 7 && wt == 2) {
        graph = r.message();
      } else if (field == 8 && wt == 2) {
        ProtoReader os = r.message();
        String domain = "";
        long version = 0;
        while (os.more()) {
          int t = os.tag();
          if (t >>> 3 == 1 && (t & 7) == 2) {
            domain = os.string();
          } else if (t >>> 3 == 2 && (t & 7) == 0) {
            version = os.varint();
          } else {
            os.skip(t & 7);
          }
        }
        if (domain.isEmpty() || domain.equals("ai.onnx")) {
          opset = version;
        }
      } else {
        r.skip(wt);
      }
    }
    if (!sawIr || graph == null) {
      throw new ProtoReader.Truncated("no ir_version or graph field");
    }
    return graph(graph, name, opset);
  }

  private static OnnxModel graph(ProtoReader g, String name, long opset) {
    List<OnnxModel.Node> nodes = new ArrayList<>();
    List<String> inputs = new ArrayList<>();
    List<String> outputs = new ArrayList<>();
    Map<String, OnnxModel.TensorType> tensors = new LinkedHashMap<>();
    Map<String, OnnxModel.Initializer> inits = new LinkedHashMap<>();
    Map<String, long[]> constants = new HashMap<>();
    while (g.more()) {
      int tag = g.tag();
      int field = tag >>> 3;
      int wt = tag & 7;
      if (wt != 2) {
        g.skip(wt);
        continue;
      }
      switch (field) {
        case 1 -> nodes.add(node(g.message()));
        case 5 -> {
          OnnxModel.Initializer t = tensor(g.message());
          inits.put(t.name(), t);
          tensors.put(t.name(), new OnnxModel.TensorType(t.dataType(), t.dims()));
          if (t.int64Values() != null) {
            constants.put(t.name(), t.int64Values());
          }
        }
        case 11, 12, 13 -> {
          String[] n = new String[1];
          OnnxModel.TensorType t = valueInfo(g.message(), n);
          if (field == 11) {
            inputs.add(n[0]);
          } else if (field == 12) {
            outputs.add(n[0]);
          }
          if (t != null) {
            tensors.putIfAbsent(n[0], t);
          }
        }
        default -> g.skip(wt);
      }
    }
    for (OnnxModel.Node n : nodes) {
      if (n.opType().equals("Constant") && !n.outputs().isEmpty()) {
        OnnxModel.Attr v = n.attrs().get("value");
        if (v != null && v.t() != null) {
          tensors.put(n.outputs().get(0), new OnnxModel.TensorType(v.t().dataType(), v.t().dims()));
          if (v.t().int64Values() != null) {
            constants.put(n.outputs().get(0), v.t().int64Values());
          }
        }
      }
    }
    inputs.removeIf(inits::containsKey);
    return new OnnxModel(name, opset, nodes, inputs, outputs, tensors, inits, constants);
  }

  private static OnnxModel.Node node(ProtoReader n) {
    List<String> in = new ArrayList<>();
    List<String> out = new ArrayList<>();
    String name = "";
    String op = "";
    Map<String, OnnxModel.Attr> attrs = new LinkedHashMap<>();
    while (n.more()) {
      int tag = n.tag();
      int field = tag >>> 3;
      int wt = tag & 7;
      if (wt != 2) {
        n.skip(wt);
        continue;
      }
      switch (field) {
        case 1 -> in.add(n.string());
        case 2 -> out.add(n.string());
        case 3 -> name = n.string();
        case 4 -> op = n.string();
        case 5 -> {
          String[] an = new String[1];
          OnnxModel.Attr a = attr(n.message(), an);
          attrs.put(an[0], a);
        }
        default -> n.skip(wt);
      }
    }
    return new OnnxModel.Node(name, op, List.copyOf(in), List.copyOf(out), attrs);
  }

  private static OnnxModel.Attr attr(ProtoReader a, String[] nameOut) {
    Long i = null;
    Float f = null;
    String s = null;
    List<Long> ints = null;
    List<Float> floats = null;
    OnnxModel.Initializer t = null;
    String name = "";
    while (a.more()) {
      int tag = a.tag();
      int field = tag >>> 3;
      int wt = tag & 7;
      switch (field) {
        case 1 -> name = a.string();
        case 2 -> f = Float.intBitsToFloat(a.fixed32());
        case 3 -> i = a.varint();
        case 4 -> s = a.string();
        case 5 -> t = tensor(a.message());
        case 7 -> {
          floats = floats == null ? new ArrayList<>() : floats;
          a.floats(wt, floats);
        }
        case 8 -> {
          ints = ints == null ? new ArrayList<>() : ints;
          a.int64s(wt, ints);
        }
        default -> a.skip(wt);
      }
    }
    nameOut[0] = name;
    long[] iv = ints == null ? null : ints.stream().mapToLong(Long::longValue).toArray();
    float[] fv = null;
    if (floats != null) {
      fv = new float[floats.size()];
      for (int k = 0; k < fv.length; k++) {
        fv[k] = floats.get(k);
      }
    }
    return new OnnxModel.Attr(i, f, s, iv, fv, t);
  }

  /** A TensorProto: name, dims, data type; int64 contents kept when the tensor is small (shape-like). */
  private static OnnxModel.Initializer tensor(ProtoReader t) {
    List<Long> dims = new ArrayList<>();
    List<Long> int64 = new ArrayList<>();
    int type = 0;
    String name = "";
    byte[] raw = null;
    boolean hasData = false;
    while (t.more()) {
      int tag = t.tag();
      int field = tag >>> 3;
      int wt = tag & 7;
      switch (field) {
        case 1 -> t.int64s(wt, dims);
        case 2 -> type = (int) t.varint();
        case 7 -> {
          t.int64s(wt, int64);
          hasData = true;
        }
        case 8 -> name = t.string();
        case 9 -> {
          raw = t.bytes();
          hasData = raw.length > 0;
        }
        case 4, 5, 10, 11, 6 -> {
          t.skip(wt);
          hasData = true;
        }
        default -> t.skip(wt);
      }
    }
    long[] values = null;
    if (type == 7 && raw != null && raw.length <= 8 * 64 && raw.length % 8 == 0) {
      ByteBuffer b = ByteBuffer.wrap(raw).order(ByteOrder.LITTLE_ENDIAN);
      values = new long[raw.length / 8];
      for (int k = 0; k < values.length; k++) {
        values[k] = b.getLong();
      }
    } else if (type == 7 && !int64.isEmpty() && int64.size() <= 64) {
      values = int64.stream().mapToLong(Long::longValue).toArray();
    }
    return new OnnxModel.Initializer(name, type, dims.stream().mapToLong(Long::longValue).toArray(), values, hasData);
  }

  private static OnnxModel.TensorType valueInfo(ProtoReader v, String[] nameOut) {
    String name = "";
    OnnxModel.TensorType type = null;
    while (v.more()) {
      int tag = v.tag();
      int field = tag >>> 3;
      int wt = tag & 7;
      if (field == 1 && wt == 2) {
        name = v.string();
      } else if (field == 2 && wt == 2) {
        type = typeProto(v.message());
      } else {
        v.skip(wt);
      }
    }
    nameOut[0] = name;
    return type;
  }

  private static OnnxModel.TensorType typeProto(ProtoReader tp) {
    OnnxModel.TensorType out = null;
    while (tp.more()) {
      int tag = tp.tag();
      if (tag >>> 3 == 1 && (tag & 7) == 2) {
        ProtoReader tt = tp.message();
        int elem = 0;
        long[] shape = null;
        while (tt.more()) {
          int t2 = tt.tag();
          if (t2 >>> 3 == 1 && (t2 & 7) == 0) {
            elem = (int) tt.varint();
          } else if (t2 >>> 3 == 2 && (t2 & 7) == 2) {
            shape = shape(tt.message());
          } else {
            tt.skip(t2 & 7);
          }
        }
        out = new OnnxModel.TensorType(elem, shape);
      } else {
        tp.skip(tag & 7);
      }
    }
    return out;
  }

  private static long[] shape(ProtoReader s) {
    List<Long> dims = new ArrayList<>();
    while (s.more()) {
      int tag = s.tag();
      if (tag >>> 3 == 1 && (tag & 7) == 2) {
        ProtoReader d = s.message();
        long v = -1;
        while (d.more()) {
          int t = d.tag();
          if (t >>> 3 == 1 && (t & 7) == 0) {
            v = d.varint();
          } else {
            d.skip(t & 7);
          }
        }
        dims.add(v);
      } else {
        s.skip(tag & 7);
      }
    }
    return dims.stream().mapToLong(Long::longValue).toArray();
  }
}
