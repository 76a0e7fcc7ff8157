package org.socsim.traces.onnx;

import ai.onnx.proto.OnnxMl.AttributeProto;
import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.OperatorSetIdProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import ai.onnx.proto.OnnxMl.TensorShapeProto;
import ai.onnx.proto.OnnxMl.TypeProto;
import ai.onnx.proto.OnnxMl.ValueInfoProto;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.socsim.traces.TraceFormatException;
import shade.com.google.protobuf.ByteString;

/**
 * Reads an ONNX {@code ModelProto} through the generated protobuf binding ({@link OnnxProto}) into the parts
 * socsim uses ({@link OnnxModel}), nodes in dependency order and shapes inferred. Graph-only files whose
 * initializers carry dims but no data are fine; external data follows the rule in {@link OnnxProto}. A truncated
 * or non-ONNX file gives a {@link TraceFormatException} naming the file and the byte where decoding stopped.
 */
public final class OnnxReader {
  private OnnxReader() {
  }

  public static OnnxModel read(Path file) {
    byte[] bytes = OnnxProto.readFile(file);
    String name = file.getFileName().toString().replaceFirst("(?i)(\\.graph-only)?\\.onnx$", "");
    OnnxModel m = parse(bytes, name, file);
    if (m.nodes().isEmpty()) {
      throw new TraceFormatException(file, 0, "expected an ONNX ModelProto with a graph of nodes, found none");
    }
    try {
      return ShapeInference.complete(topological(m, file));
    } catch (OnnxChecks.BadShape e) {
      throw new TraceFormatException(file, 0, e.getMessage());
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

  /** Decodes {@code bytes} (the contents of {@code file}) into the parts of the model socsim uses. */
  static OnnxModel parse(byte[] bytes, String name, Path file) {
    ModelProto p = OnnxProto.parse(bytes, file);
    if (!p.hasIrVersion() || !p.hasGraph()) {
      throw OnnxProto.notOnnx(file, "no ir_version or graph field");
    }
    long opset = 0;
    for (OperatorSetIdProto os : p.getOpsetImportList()) {
      if (os.getDomain().isEmpty() || os.getDomain().equals("ai.onnx")) {
        opset = os.getVersion();
      }
    }
    return graph(p.getGraph(), name, opset, file);
  }

  /** The graph's parts in protobuf field order (nodes, initializers, inputs, outputs, value_info). */
  private static OnnxModel graph(GraphProto g, String name, long opset, Path file) {
    List<OnnxModel.Node> nodes = new ArrayList<>();
    for (NodeProto n : g.getNodeList()) {
      nodes.add(node(n, file));
    }
    Map<String, OnnxModel.TensorType> tensors = new LinkedHashMap<>();
    Map<String, OnnxModel.Initializer> inits = new LinkedHashMap<>();
    Map<String, long[]> constants = new HashMap<>();
    for (TensorProto tp : g.getInitializerList()) {
      OnnxModel.Initializer t = tensor(tp, file);
      inits.put(t.name(), t);
      tensors.put(t.name(), new OnnxModel.TensorType(t.dataType(), t.dims()));
      if (t.int64Values() != null) {
        constants.put(t.name(), t.int64Values());
      }
    }
    List<String> inputs = valueInfos(g.getInputList(), tensors, file, "graph input");
    List<String> outputs = valueInfos(g.getOutputList(), tensors, file, "graph output");
    valueInfos(g.getValueInfoList(), tensors, file, "value_info");
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

  private static OnnxModel.Node node(NodeProto n, Path file) {
    Map<String, OnnxModel.Attr> attrs = new LinkedHashMap<>();
    for (AttributeProto a : n.getAttributeList()) {
      attrs.put(a.getName(), attr(a, file));
    }
    return new OnnxModel.Node(n.getName(), n.getOpType(), List.copyOf(n.getInputList()),
        List.copyOf(n.getOutputList()), attrs);
  }

  private static OnnxModel.Attr attr(AttributeProto a, Path file) {
    long[] ints = a.getIntsCount() == 0 ? null : a.getIntsList().stream().mapToLong(Long::longValue).toArray();
    float[] floats = null;
    if (a.getFloatsCount() > 0) {
      floats = new float[a.getFloatsCount()];
      for (int k = 0; k < floats.length; k++) {
        floats[k] = a.getFloats(k);
      }
    }
    return new OnnxModel.Attr(a.hasI() ? a.getI() : null, a.hasF() ? a.getF() : null,
        a.hasS() ? a.getS().toStringUtf8() : null, ints, floats, a.hasT() ? tensor(a.getT(), file) : null);
  }

  /**
   * A TensorProto: name, dims, data type, whether it has data ({@link OnnxProto#hasData}); int64 contents kept
   * when the tensor is small (shape-like), read from its external file if it has one.
   */
  private static OnnxModel.Initializer tensor(TensorProto t, Path file) {
    int type = t.getDataType();
    ByteString raw = t.hasRawData() ? t.getRawData() : null;
    if (OnnxProto.external(t)) {
      OnnxProto.Range r = OnnxProto.range(t, file); // checked even when the values are not needed
      raw = type == 7 && r.length() <= SMALL_INT64 * 8 ? OnnxProto.externalBytes(t, file) : raw;
    }
    long[] values = null;
    if (type == 7 && raw != null && raw.size() <= SMALL_INT64 * 8 && raw.size() % 8 == 0) {
      ByteBuffer b = raw.asReadOnlyByteBuffer().order(ByteOrder.LITTLE_ENDIAN);
      values = new long[raw.size() / 8];
      for (int k = 0; k < values.length; k++) {
        values[k] = b.getLong();
      }
    } else if (type == 7 && t.getInt64DataCount() > 0 && t.getInt64DataCount() <= SMALL_INT64) {
      values = t.getInt64DataList().stream().mapToLong(Long::longValue).toArray();
    }
    return new OnnxModel.Initializer(t.getName(), type, t.getDimsList().stream().mapToLong(Long::longValue).toArray(),
        values, OnnxProto.hasData(t));
  }

  /** Int64 tensors of at most this many elements keep their values (shapes, axes, slice bounds). */
  private static final int SMALL_INT64 = 64;

  /** The names of {@code infos} in order; their tensor types are added to {@code tensors} where not known yet. */
  private static List<String> valueInfos(List<ValueInfoProto> infos, Map<String, OnnxModel.TensorType> tensors,
      Path file, String what) {
    List<String> names = new ArrayList<>();
    for (ValueInfoProto v : infos) {
      names.add(v.getName());
      OnnxModel.TensorType t = v.hasType() ? typeProto(v.getType()) : null;
      if (t != null && t.shape() != null) {
        String where = what + " #" + names.size() + " '" + v.getName() + "'";
        TensorShapeProto s = v.getType().getTensorType().getShape();
        for (int k = 0; k < s.getDimCount(); k++) {
          if (s.getDim(k).hasDimValue() && s.getDim(k).getDimValue() <= 0) {
            throw new TraceFormatException(file, 0, where + " has dim " + k + " = " + s.getDim(k).getDimValue()
                + "; expected a size >= 1 (or a symbolic dim_param)");
          }
        }
        if (t.known() && OnnxChecks.tooLarge(t.shape())) {
          throw new TraceFormatException(file, 0, where + " has shape " + java.util.Arrays.toString(t.shape())
              + "; expected at most " + OnnxChecks.MAX_ELEMENTS + " elements (no device holds more)");
        }
      }
      if (t != null) {
        tensors.putIfAbsent(v.getName(), t);
      }
    }
    return names;
  }

  private static OnnxModel.TensorType typeProto(TypeProto tp) {
    if (!tp.hasTensorType()) {
      return null;
    }
    TypeProto.Tensor tt = tp.getTensorType();
    long[] shape = null;
    if (tt.hasShape()) {
      shape = new long[tt.getShape().getDimCount()];
      for (int k = 0; k < shape.length; k++) {
        TensorShapeProto.Dimension d = tt.getShape().getDim(k);
        shape[k] = d.hasDimValue() ? d.getDimValue() : -1;
      }
    }
    return new OnnxModel.TensorType(tt.getElemType(), shape);
  }
}
