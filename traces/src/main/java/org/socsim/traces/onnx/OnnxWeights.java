package org.socsim.traces.onnx;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.socsim.traces.TraceFormatException;

/**
 * Makes a graph-only ONNX file runnable: every float initializer that has dims but no data gets seeded random
 * values (scaled by 1/sqrt(fan-in); 1-D tensors such as biases and batch-norm statistics in [0.5, 1.5) so
 * variances stay positive). Dense fp32 kernel latency does not depend on the values, so the result measures the
 * architecture. Every other byte of the file is copied as is.
 */
public final class OnnxWeights {
  private OnnxWeights() {
  }

  /** Whether some initializer of {@code m} has dims but no data. */
  public static boolean needsWeights(OnnxModel m) {
    return m.initializers().values().stream().anyMatch(i -> !i.hasData() && i.dims().length > 0);
  }

  public static void materialize(Path in, Path out, long seed) {
    byte[] src;
    try {
      src = Files.readAllBytes(in);
    } catch (IOException e) {
      throw new TraceFormatException(in, 0, "cannot read: " + e.getMessage());
    }
    Random rnd = new Random(seed);
    try {
      ByteArrayOutputStream model = new ByteArrayOutputStream(src.length + (1 << 20));
      ProtoReader r = new ProtoReader(src, 0, src.length);
      while (r.more()) {
        int start = r.position();
        int tag = r.tag();
        if (tag >>> 3 == 7 && (tag & 7) == 2) {
          ProtoReader g = r.message();
          writeField(model, 7, graph(src, g, rnd));
        } else {
          r.skip(tag & 7);
          model.write(src, start, r.position() - start);
        }
      }
      Files.write(out, model.toByteArray());
    } catch (ProtoReader.Truncated e) {
      throw new TraceFormatException(in, 0, "expected an ONNX ModelProto, file is truncated: " + e.getMessage());
    } catch (IOException e) {
      throw new TraceFormatException(out, 0, "cannot write: " + e.getMessage());
    }
  }

  private static byte[] graph(byte[] src, ProtoReader g, Random rnd) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    while (g.more()) {
      int start = g.position();
      int tag = g.tag();
      if (tag >>> 3 == 5 && (tag & 7) == 2) {
        int bodyStart;
        ProtoReader t = g.message();
        bodyStart = t.position();
        int bodyEnd = g.position();
        byte[] body = java.util.Arrays.copyOfRange(src, bodyStart, bodyEnd);
        writeField(out, 5, withData(body, rnd));
      } else {
        g.skip(tag & 7);
        out.write(src, start, g.position() - start);
      }
    }
    return out.toByteArray();
  }

  /** The tensor with random raw_data appended when it is a float tensor without data; else unchanged. */
  private static byte[] withData(byte[] tensor, Random rnd) {
    ProtoReader t = new ProtoReader(tensor, 0, tensor.length);
    java.util.List<Long> dims = new java.util.ArrayList<>();
    int type = 0;
    boolean hasData = false;
    while (t.more()) {
      int tag = t.tag();
      int f = tag >>> 3;
      if (f == 1) {
        t.int64s(tag & 7, dims);
      } else if (f == 2) {
        type = (int) t.varint();
      } else {
        if (f == 4 || f == 5 || f == 6 || f == 7 || f == 9 || f == 10 || f == 11 || f == 13) {
          hasData = true;
        }
        t.skip(tag & 7);
      }
    }
    if (hasData || type != 1 || dims.isEmpty()) {
      return tensor;
    }
    long n = 1;
    for (long d : dims) {
      n *= d;
    }
    long fanIn = 1;
    for (int i = 1; i < dims.size(); i++) {
      fanIn *= dims.get(i);
    }
    ByteBuffer b = ByteBuffer.allocate((int) (n * 4)).order(ByteOrder.LITTLE_ENDIAN);
    double scale = 1.0 / Math.sqrt(Math.max(1, fanIn));
    for (long i = 0; i < n; i++) {
      b.putFloat(dims.size() == 1 ? (float) (0.5 + rnd.nextDouble()) : (float) (rnd.nextGaussian() * scale));
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream(tensor.length + b.capacity() + 8);
    out.write(tensor, 0, tensor.length);
    writeField(out, 9, b.array());
    return out.toByteArray();
  }

  private static void writeField(ByteArrayOutputStream out, int field, byte[] body) {
    writeVarint(out, ((long) field << 3) | 2);
    writeVarint(out, body.length);
    out.write(body, 0, body.length);
  }

  private static void writeVarint(ByteArrayOutputStream out, long v) {
    while ((v & ~0x7fL) != 0) {
      out.write((int) ((v & 0x7f) | 0x80));
      v >>>= 7;
    }
    out.write((int) v);
  }
}
