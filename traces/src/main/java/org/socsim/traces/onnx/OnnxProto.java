package org.socsim.traces.onnx;

import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.StringStringEntryProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import org.socsim.traces.TraceFormatException;
import shade.com.google.protobuf.ByteString;
import shade.com.google.protobuf.CodedInputStream;
import shade.com.google.protobuf.InvalidProtocolBufferException;

/**
 * The one place that decodes ONNX protobuf (through the generated {@code ai.onnx.proto.OnnxMl} classes of
 * {@code com.microsoft.azure:onnx-protobuf}) and the one rule for where a tensor's data lives.
 *
 * <p>A {@code TensorProto} <em>has data</em> when it carries values inline (a non-empty {@code raw_data} or any
 * typed {@code *_data} field) or when its {@code data_location} is {@code EXTERNAL}. External data follows the
 * ONNX convention that ONNX Runtime also follows: the {@code location} entry of {@code external_data} names a file
 * relative to the folder of the .onnx file (not absolute, not outside that folder), with optional {@code offset}
 * and {@code length} in bytes (default: from 0 to the end of the file). Every external tensor is checked when the
 * model is read (file present, range inside it); its bytes are read only where socsim needs values: small int64
 * shape constants, and the self-contained copy {@link OnnxWeights} writes. Anything else is a
 * {@link TraceFormatException} naming the model file.
 */
final class OnnxProto {
  /** Protobuf's default of 100 nested messages is about 30 levels of If/Loop subgraphs; allow more. */
  static final int RECURSION_LIMIT = 1000;

  private OnnxProto() {
  }

  /** The whole file as bytes; a missing or unreadable file, or one too large for protobuf, is a format error. */
  static byte[] readFile(Path file) {
    if (!Files.isRegularFile(file)) {
      throw new TraceFormatException(file, 0, "file not found (expected an .onnx model)");
    }
    try {
      if (Files.size(file) > Integer.MAX_VALUE - 8) {
        throw new TraceFormatException(file, 0, "larger than 2 GiB; expected an ONNX ModelProto under protobuf's"
            + " 2 GiB limit (weights of bigger models belong in external data files)");
      }
      return Files.readAllBytes(file);
    } catch (IOException e) {
      throw new TraceFormatException(file, 0, "cannot read: " + e.getMessage());
    }
  }

  /**
   * Decodes a {@code ModelProto}. Wire-format errors (truncated, not protobuf) are a format error naming
   * {@code file} and the byte where decoding stopped. Only the wire format is checked here.
   */
  static ModelProto parse(byte[] bytes, Path file) {
    CodedInputStream in = CodedInputStream.newInstance(bytes);
    in.setRecursionLimit(RECURSION_LIMIT);
    in.setSizeLimit(Integer.MAX_VALUE);
    in.enableAliasing(true); // raw_data shares the file's bytes instead of copying them
    try {
      ModelProto m = ModelProto.parseFrom(in);
      in.checkLastTagWas(0);
      return m;
    } catch (InvalidProtocolBufferException e) {
      // protobuf reports the outer position: for a truncated file, where the field that runs past the end began
      boolean truncated = String.valueOf(e.getMessage()).contains("ended unexpectedly");
      throw notOnnx(file, firstSentence(e.getMessage()) + (truncated ? " (a field that begins near byte "
          + in.getTotalBytesRead() + " runs past the end of the file's " + bytes.length + " bytes)"
          : " (near byte " + in.getTotalBytesRead() + ")"));
    } catch (IOException e) {
      throw notOnnx(file, e.getMessage());
    }
  }

  static TraceFormatException notOnnx(Path file, String why) {
    return new TraceFormatException(file, 0, "expected an ONNX ModelProto (protobuf), file is truncated or not ONNX: "
        + why);
  }

  private static String firstSentence(String msg) {
    String s = msg == null ? "invalid protobuf" : msg.replaceAll("\\s+", " ").strip();
    int dot = s.indexOf(". ");
    return dot > 0 ? s.substring(0, dot) : s.replaceFirst("\\.$", "");
  }

  /** Whether {@code t} stores its data in an external file ({@code data_location = EXTERNAL}). */
  static boolean external(TensorProto t) {
    return t.getDataLocation() == TensorProto.DataLocation.EXTERNAL;
  }

  /** Whether {@code t} carries values, inline or external (the one rule; see the class comment). */
  static boolean hasData(TensorProto t) {
    return external(t) || t.getRawData().size() > 0 || t.getFloatDataCount() > 0 || t.getInt32DataCount() > 0
        || t.getStringDataCount() > 0 || t.getInt64DataCount() > 0 || t.getDoubleDataCount() > 0
        || t.getUint64DataCount() > 0;
  }

  /** Where an external tensor's bytes are: a file beside the model, an offset and a length. */
  record Range(Path file, long offset, long length) {
  }

  /** The checked location of an external tensor's bytes (see the class comment for the rule). */
  static Range range(TensorProto t, Path model) {
    String location = null;
    long offset = 0;
    long length = -1;
    for (StringStringEntryProto e : t.getExternalDataList()) {
      switch (e.getKey()) {
        case "location" -> location = e.getValue();
        case "offset" -> offset = number(t, model, e);
        case "length" -> length = number(t, model, e);
        default -> {
        }
      }
    }
    String what = "tensor '" + t.getName() + "' has external data";
    if (location == null || location.isEmpty()) {
      throw new TraceFormatException(model, 0, what + " without a location; expected external_data to name a file"
          + " beside the model");
    }
    Path dir = model.toAbsolutePath().normalize().getParent();
    Path p;
    try {
      p = dir.resolve(location).normalize();
    } catch (java.nio.file.InvalidPathException e) {
      p = null;
    }
    if (p == null || Path.of(location).isAbsolute() || !p.startsWith(dir)) {
      throw new TraceFormatException(model, 0, what + " in '" + location + "'; expected a path relative to the"
          + " model's folder, inside it");
    }
    if (!Files.isRegularFile(p)) {
      throw new TraceFormatException(model, 0, what + " in '" + location + "'; expected that file in " + dir
          + ", not found");
    }
    long size;
    try {
      size = Files.size(p);
    } catch (IOException e) {
      throw new TraceFormatException(model, 0, what + " in '" + location + "', cannot read it: " + e.getMessage());
    }
    long len = length < 0 ? size - offset : length;
    if (offset > size || len < 0 || len > size - offset) {
      throw new TraceFormatException(model, 0, what + " at bytes " + offset + "+" + len + " of '" + location
          + "'; expected a range inside its " + size + " bytes");
    }
    return new Range(p, offset, len);
  }

  private static long number(TensorProto t, Path model, StringStringEntryProto e) {
    try {
      long v = Long.parseLong(e.getValue());
      if (v >= 0) {
        return v;
      }
    } catch (NumberFormatException ignored) {
      // reported below
    }
    throw new TraceFormatException(model, 0, "tensor '" + t.getName() + "' external_data " + e.getKey() + " '"
        + e.getValue() + "'; expected a byte count >= 0");
  }

  /** The bytes of an external tensor (checked by {@link #range}). */
  static ByteString externalBytes(TensorProto t, Path model) {
    Range r = range(t, model);
    if (r.length() > Integer.MAX_VALUE - 8) {
      throw new TraceFormatException(model, 0, "tensor '" + t.getName() + "' has " + r.length() + " bytes of"
          + " external data; expected under 2 GiB");
    }
    byte[] b = new byte[(int) r.length()];
    try (RandomAccessFile f = new RandomAccessFile(r.file().toFile(), "r")) {
      f.seek(r.offset());
      f.readFully(b);
    } catch (IOException e) {
      throw new TraceFormatException(model, 0, "tensor '" + t.getName() + "' external data in " + r.file()
          + ", cannot read it: " + e.getMessage());
    }
    return ByteString.copyFrom(b);
  }
}
