package org.socsim.traces.ncnn;

/** A blob shape: rank 1..3 and ncnn's w, h, c (unused dims are 1). */
record Shape(int dims, long w, long h, long c) {
  long elems() {
    return w * h * c;
  }

  long bytes() {
    return elems() * NcnnParam.ELEM;
  }

  /** ONNX-style text (N, C, H, W) for edges. */
  String text() {
    return switch (dims) {
      case 1 -> "1," + w;
      case 2 -> "1," + h + "," + w;
      default -> "1," + c + "," + h + "," + w;
    };
  }

  long axis(int a) {
    return switch (dims - 1 - a) {
      case 0 -> w;
      case 1 -> h;
      default -> c;
    };
  }

  Shape withAxis(int a, long v) {
    return switch (dims - 1 - a) {
      case 0 -> new Shape(dims, v, h, c);
      case 1 -> new Shape(dims, w, v, c);
      default -> new Shape(dims, w, h, v);
    };
  }
}
