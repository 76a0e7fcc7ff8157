package org.socsim.traces.onnx;

import java.util.List;
import java.util.Map;

/**
 * The parts of an ONNX {@code ModelProto} socsim uses.
 *
 * @param tensors every known tensor shape: graph inputs/outputs, value_info, initializers, and shapes inferred
 *                for node outputs; dims of -1 are unknown
 * @param constants int64 contents of small initializers and Constant nodes (for Reshape/Slice shape inference)
 */
public record OnnxModel(String name, long opset, List<Node> nodes, List<String> graphInputs, List<String> graphOutputs,
    Map<String, TensorType> tensors, Map<String, Initializer> initializers, Map<String, long[]> constants) {

  /** A graph node with its attributes. */
  public record Node(String name, String opType, List<String> inputs, List<String> outputs, Map<String, Attr> attrs) {
    public long i(String attr, long dflt) {
      Attr a = attrs.get(attr);
      return a == null || a.i() == null ? dflt : a.i();
    }

    public long[] ints(String attr) {
      Attr a = attrs.get(attr);
      return a == null || a.ints() == null ? null : a.ints();
    }

    public String s(String attr, String dflt) {
      Attr a = attrs.get(attr);
      return a == null || a.s() == null ? dflt : a.s();
    }
  }

  /** An attribute; only the populated field is non-null. */
  public record Attr(Long i, Float f, String s, long[] ints, float[] floats, Initializer t) {
  }

  /** A tensor's element type and shape. */
  public record TensorType(int elemType, long[] shape) {
    public boolean known() {
      if (shape == null) {
        return false;
      }
      for (long d : shape) {
        if (d < 0) {
          return false;
        }
      }
      return true;
    }

    public long elements() {
      long n = 1;
      for (long d : shape) {
        n *= d;
      }
      return n;
    }

    public long bytes() {
      return elements() * elemBytes(elemType);
    }
  }

  /** An initializer (weights): dims always, data only when the file carries it. */
  public record Initializer(String name, int dataType, long[] dims, long[] int64Values, boolean hasData) {
  }

  /** Bytes per element for ONNX TensorProto data types (1 FLOAT, 7 INT64, 10 FLOAT16, ...). */
  public static int elemBytes(int type) {
    return switch (type) {
      case 2, 3, 9 -> 1;
      case 4, 5, 10, 16 -> 2;
      case 7, 11, 13 -> 8;
      default -> 4;
    };
  }
}
