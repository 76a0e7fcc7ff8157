package org.socsim.traces.onnx;

import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.socsim.traces.TraceFormatException;
import shade.com.google.protobuf.ByteString;

/**
 * Makes a graph-only ONNX file runnable: every float initializer that has dims but no data (the rule of
 * {@link OnnxProto#hasData}) gets seeded random values (scaled by 1/sqrt(fan-in); 1-D tensors such as biases and
 * batch-norm statistics in [0.5, 1.5) so variances stay positive). Dense fp32 kernel latency does not depend on the
 * values, so the result measures the architecture. Initializers with external data are copied inline, so the
 * written model runs from any folder; everything else is kept as decoded (unknown fields included).
 */
public final class OnnxWeights {
  private OnnxWeights() {
  }

  /** Whether some initializer of {@code m} has dims but no data. */
  public static boolean needsWeights(OnnxModel m) {
    return m.initializers().values().stream().anyMatch(i -> !i.hasData() && i.dims().length > 0);
  }

  public static void materialize(Path in, Path out, long seed) {
    ModelProto model = OnnxProto.parse(OnnxProto.readFile(in), in);
    if (model.hasGraph()) {
      Random rnd = new Random(seed);
      GraphProto.Builder g = model.getGraph().toBuilder();
      for (int i = 0; i < g.getInitializerCount(); i++) {
        TensorProto t = g.getInitializer(i);
        if (OnnxProto.external(t)) {
          g.setInitializer(i, t.toBuilder().setRawData(OnnxProto.externalBytes(t, in)).clearExternalData()
              .clearDataLocation());
        } else if (!OnnxProto.hasData(t) && t.getDataType() == 1 && t.getDimsCount() > 0) {
          g.setInitializer(i, t.toBuilder().setRawData(randomFloats(t, rnd)));
        }
      }
      model = model.toBuilder().setGraph(g).build();
    }
    try {
      Files.write(out, model.toByteArray());
    } catch (IOException e) {
      throw new TraceFormatException(out, 0, "cannot write: " + e.getMessage());
    }
  }

  /** Little-endian float32 values for {@code t}'s dims, drawn from {@code rnd} in element order. */
  private static ByteString randomFloats(TensorProto t, Random rnd) {
    long n = 1;
    for (long d : t.getDimsList()) {
      n *= d;
    }
    long fanIn = 1;
    for (int i = 1; i < t.getDimsCount(); i++) {
      fanIn *= t.getDims(i);
    }
    ByteBuffer b = ByteBuffer.allocate((int) (n * 4)).order(ByteOrder.LITTLE_ENDIAN);
    double scale = 1.0 / Math.sqrt(Math.max(1, fanIn));
    boolean oneD = t.getDimsCount() == 1;
    for (long i = 0; i < n; i++) {
      b.putFloat(oneD ? (float) (0.5 + rnd.nextDouble()) : (float) (rnd.nextGaussian() * scale));
    }
    return ByteString.copyFrom(b.array());
  }
}
