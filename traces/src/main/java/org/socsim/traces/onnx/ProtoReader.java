package org.socsim.traces.onnx;

import java.nio.charset.StandardCharsets;

/**
 * A minimal protobuf wire-format cursor: enough to walk ONNX messages without generated classes. Every read
 * checks bounds and throws {@link Truncated} instead of reading past the end.
 */
final class ProtoReader {
  /** The buffer ended in the middle of a field, or a length points past the end. */
  static final class Truncated extends RuntimeException {
    Truncated(String what) {
      super(what);
    }
  }

  private final byte[] buf;
  private int pos;
  private final int end;

  ProtoReader(byte[] buf, int from, int to) {
    this.buf = buf;
    this.pos = from;
    this.end = to;
  }

  boolean more() {
    return pos < end;
  }

  int position() {
    return pos;
  }

  /** Reads a tag; returns field number << 3 | wire type. */
  int tag() {
    long t = varint();
    if (t == 0 || t > Integer.MAX_VALUE) {
      throw new Truncated("invalid field tag " + t + " at byte " + pos);
    }
    return (int) t;
  }

  long varint() {
    long result = 0;
    for (int shift = 0; shift < 64; shift += 7) {
      if (pos >= end) {
        throw new Truncated("varint runs past the end at byte " + pos);
      }
      byte b = buf[pos++];
      result |= (long) (b & 0x7f) << shift;
      if ((b & 0x80) == 0) {
        return result;
      }
    }
    throw new Truncated("varint longer than 10 bytes at byte " + pos);
  }

  int fixed32() {
    need(4);
    int v = (buf[pos] & 0xff) | (buf[pos + 1] & 0xff) << 8 | (buf[pos + 2] & 0xff) << 16 | (buf[pos + 3] & 0xff) << 24;
    pos += 4;
    return v;
  }

  long fixed64() {
    need(8);
    long v = 0;
    for (int i = 7; i >= 0; i--) {
      v = (v << 8) | (buf[pos + i] & 0xff);
    }
    pos += 8;
    return v;
  }

  /** A length-delimited field as a sub-reader; the cursor skips past it. */
  ProtoReader message() {
    int len = length();
    ProtoReader sub = new ProtoReader(buf, pos, pos + len);
    pos += len;
    return sub;
  }

  String string() {
    int len = length();
    String s = new String(buf, pos, len, StandardCharsets.UTF_8);
    pos += len;
    return s;
  }

  byte[] bytes() {
    int len = length();
    byte[] out = java.util.Arrays.copyOfRange(buf, pos, pos + len);
    pos += len;
    return out;
  }

  private int length() {
    long len = varint();
    if (len < 0 || len > end - pos) {
      throw new Truncated("field of " + len + " bytes runs past the end at byte " + pos);
    }
    return (int) len;
  }

  void skip(int wireType) {
    switch (wireType) {
      case 0 -> varint();
      case 1 -> {
        need(8);
        pos += 8;
      }
      case 2 -> {
        int len = length(); // read before adding: "pos += length()" would add to the stale pos
        pos += len;
      }
      case 5 -> {
        need(4);
        pos += 4;
      }
      default -> throw new Truncated("unsupported wire type " + wireType + " at byte " + pos);
    }
  }

  /** Repeated int64: packed (wire type 2) or one value (wire type 0). */
  void int64s(int wireType, java.util.List<Long> out) {
    if (wireType == 2) {
      ProtoReader p = message();
      while (p.more()) {
        out.add(p.varint());
      }
    } else {
      out.add(varint());
    }
  }

  /** Repeated float: packed (wire type 2) or one value (wire type 5). */
  void floats(int wireType, java.util.List<Float> out) {
    if (wireType == 2) {
      ProtoReader p = message();
      while (p.more()) {
        out.add(Float.intBitsToFloat(p.fixed32()));
      }
    } else {
      out.add(Float.intBitsToFloat(fixed32()));
    }
  }

  private void need(int n) {
    if (end - pos < n) {
      throw new Truncated(n + "-byte field runs past the end at byte " + pos);
    }
  }
}
