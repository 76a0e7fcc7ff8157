package org.socsim.traces.onnx;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.OperatorSetIdProto;
import ai.onnx.proto.OnnxMl.StringStringEntryProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import ai.onnx.proto.OnnxMl.TensorShapeProto;
import ai.onnx.proto.OnnxMl.TypeProto;
import ai.onnx.proto.OnnxMl.ValueInfoProto;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.socsim.traces.TraceFormatException;
import shade.com.google.protobuf.ByteString;

/** ONNX files are decoded by the generated protobuf binding; bad bytes and external data follow one rule. */
class OnnxBindingTest {
  @TempDir
  Path tmp;

  /** A one-line format error that names the file. */
  static TraceFormatException formatError(Path f) {
    TraceFormatException e = assertThrows(TraceFormatException.class, () -> OnnxReader.read(f));
    assertTrue(e.getMessage().contains(f.getFileName().toString()), e.getMessage());
    assertFalse(e.getMessage().contains("\n"), e.getMessage());
    return e;
  }

  static TensorProto.Builder tensor(String name, int type, long... dims) {
    TensorProto.Builder t = TensorProto.newBuilder().setName(name).setDataType(type);
    for (long d : dims) {
      t.addDims(d);
    }
    return t;
  }

  static ValueInfoProto value(String name, long... dims) {
    TensorShapeProto.Builder s = TensorShapeProto.newBuilder();
    for (long d : dims) {
      s.addDim(TensorShapeProto.Dimension.newBuilder().setDimValue(d));
    }
    return ValueInfoProto.newBuilder().setName(name).setType(TypeProto.newBuilder().setTensorType(
        TypeProto.Tensor.newBuilder().setElemType(1).setShape(s))).build();
  }

  /** x[1,4] reshaped by the int64 initializer 'shape' to [4,1], plus the float initializer 'w' [4,1]. */
  static ModelProto tiny(TensorProto shape, TensorProto w) {
    GraphProto g = GraphProto.newBuilder().setName("tiny")
        .addNode(NodeProto.newBuilder().setOpType("Reshape").setName("r").addInput("x").addInput("shape")
            .addOutput("y"))
        .addNode(NodeProto.newBuilder().setOpType("Add").setName("a").addInput("y").addInput("w").addOutput("z"))
        .addInitializer(shape).addInitializer(w).addInput(value("x", 1, 4)).addOutput(value("z", 4, 1)).build();
    return ModelProto.newBuilder().setIrVersion(8).setGraph(g)
        .addOpsetImport(OperatorSetIdProto.newBuilder().setDomain("").setVersion(13)).build();
  }

  static byte[] le(long[] longs, float[] floats) {
    ByteBuffer b = ByteBuffer.allocate(longs.length * 8 + floats.length * 4).order(ByteOrder.LITTLE_ENDIAN);
    Arrays.stream(longs).forEach(b::putLong);
    for (float f : floats) {
      b.putFloat(f);
    }
    return b.array();
  }

  static TensorProto.Builder external(TensorProto.Builder t, String location, long offset, long length) {
    return t.setDataLocation(TensorProto.DataLocation.EXTERNAL)
        .addExternalData(StringStringEntryProto.newBuilder().setKey("location").setValue(location))
        .addExternalData(StringStringEntryProto.newBuilder().setKey("offset").setValue(Long.toString(offset)))
        .addExternalData(StringStringEntryProto.newBuilder().setKey("length").setValue(Long.toString(length)));
  }

  static final float[] W = {0.5f, 1.5f, 2.5f, 3.5f};

  ModelProto inline() {
    return tiny(tensor("shape", 7, 2).setRawData(ByteString.copyFrom(le(new long[] {4, 1}, new float[0]))).build(),
        tensor("w", 1, 4, 1).setRawData(ByteString.copyFrom(le(new long[0], W))).build());
  }

  @Test
  void truncatedOrGarbageBytesAreAFormatErrorNamingTheFile() throws Exception {
    byte[] good = inline().toByteArray();
    Path ok = tmp.resolve("tiny.onnx");
    Files.write(ok, good);
    assertArrayEquals(new long[] {4, 1}, OnnxReader.read(ok).tensors().get("y").shape());
    for (int cut : new int[] {good.length - 1, good.length / 2, 3}) {
      Path f = tmp.resolve("cut" + cut + ".onnx");
      Files.write(f, Arrays.copyOf(good, cut));
      String msg = formatError(f).getMessage();
      assertTrue(msg.contains("truncated or not ONNX") && msg.contains("near byte"), msg);
    }
    Path junk = tmp.resolve("garbage.onnx");
    Files.write(junk, "garbage, not protobuf\u0000\u00ff".repeat(20).getBytes(StandardCharsets.ISO_8859_1));
    assertTrue(formatError(junk).getMessage().contains("expected an ONNX ModelProto"));
    Path empty = tmp.resolve("empty.onnx");
    Files.write(empty, new byte[0]);
    assertTrue(formatError(empty).getMessage().contains("no ir_version or graph field"));
    Path noNodes = tmp.resolve("nonodes.onnx");
    Files.write(noNodes, ModelProto.newBuilder().setIrVersion(8).setGraph(GraphProto.newBuilder()).build()
        .toByteArray());
    assertTrue(formatError(noNodes).getMessage().contains("graph of nodes"));
  }

  @Test
  void theBindingReadsSharedInitializersAsTheHandWrittenReaderDid() throws Exception {
    // Pinned from the hand-written reader this binding replaced: count, element total, first tensor's dims.
    check(OnnxImportTest.shared().resolve("models/squeezenet1_1.onnx"), 34, 1_233_288, "features.0.weight",
        new long[] {64, 3, 3, 3});
    check(OnnxImportTest.shared().resolve("models/mobilenet_v2.onnx"), 67, 3_475_008, "classifier.1.weight",
        new long[] {1000, 1280});
  }

  static void check(Path f, int count, long elements, String first, long[] firstDims) throws Exception {
    OnnxModel m = OnnxReader.read(f);
    assertEquals(count, m.initializers().size(), f.toString());
    long total = 0;
    for (OnnxModel.Initializer i : m.initializers().values()) {
      assertTrue(i.hasData() && i.dataType() == 1, i.name());
      total += Arrays.stream(i.dims()).reduce(1, (a, b) -> a * b);
    }
    assertEquals(elements, total, f.toString());
    OnnxModel.Initializer i0 = m.initializers().values().iterator().next();
    assertEquals(first, i0.name());
    assertArrayEquals(firstDims, i0.dims());
    // the data itself: every initializer's raw_data holds exactly its elements as float32
    ModelProto p = OnnxProto.parse(Files.readAllBytes(f), f);
    for (TensorProto t : p.getGraph().getInitializerList()) {
      long n = t.getDimsList().stream().reduce(1L, (a, b) -> a * b);
      assertEquals(n * 4, t.getRawData().size(), t.getName());
    }
  }

  @Test
  void externalDataBesideTheModelIsReadAndInlinedByMaterialize() throws Exception {
    Path dir = Files.createDirectories(tmp.resolve("ext"));
    Files.write(dir.resolve("tiny.data"), le(new long[] {4, 1}, W));
    Path f = dir.resolve("tiny.onnx");
    Files.write(f, tiny(external(tensor("shape", 7, 2), "tiny.data", 0, 16).build(),
        external(tensor("w", 1, 4, 1), "tiny.data", 16, 16).build()).toByteArray());
    OnnxModel m = OnnxReader.read(f);
    assertArrayEquals(new long[] {4, 1}, m.constants().get("shape"), "int64 shape constant read from the file");
    assertArrayEquals(new long[] {4, 1}, m.tensors().get("y").shape());
    assertTrue(m.initializers().get("w").hasData());
    assertFalse(OnnxWeights.needsWeights(m), "external weights are data, never replaced by random values");

    Path out = tmp.resolve("elsewhere.onnx");
    OnnxWeights.materialize(f, out, 1);
    ModelProto copy = OnnxProto.parse(Files.readAllBytes(out), out);
    assertEquals(inline().getGraph().getInitializerList(), copy.getGraph().getInitializerList(),
        "external tensors inlined: the copy runs from any folder");
    assertArrayEquals(new long[] {4, 1}, OnnxReader.read(out).constants().get("shape"));
  }

  @Test
  void externalDataThatIsMissingOrOutsideTheModelFolderIsAFormatError() throws Exception {
    Path dir = Files.createDirectories(tmp.resolve("bad"));
    Files.write(tmp.resolve("outside.data"), le(new long[] {4, 1}, W));
    Files.write(dir.resolve("short.data"), new byte[8]);
    String[][] cases = {{"missing.data", "not found"}, {"../outside.data", "relative to the model's folder"},
        {tmp.resolve("outside.data").toAbsolutePath().toString(), "relative to the model's folder"},
        {"short.data", "expected a range inside its 8 bytes"}};
    int k = 0;
    for (String[] c : cases) {
      Path f = dir.resolve("m" + k++ + ".onnx");
      Files.write(f, tiny(tensor("shape", 7, 2).setRawData(ByteString.copyFrom(le(new long[] {4, 1},
          new float[0]))).build(), external(tensor("w", 1, 4, 1), c[0], 0, 16).build()).toByteArray());
      String msg = formatError(f).getMessage();
      assertTrue(msg.contains("tensor 'w'") && msg.contains(c[1]), msg);
    }
  }
}
