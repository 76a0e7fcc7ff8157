package org.socsim.traces.onnx;

import java.util.Arrays;

/**
 * What an ONNX graph's shapes and attributes must satisfy before socsim prices it: tensors a device can hold, Conv
 * and Pool windows of positive size, Conv weights that fit their input. A violation is a {@link BadShape} that
 * {@link OnnxReader} turns into a format error naming the file and the node.
 */
final class OnnxChecks {
  private OnnxChecks() {
  }

  /** Tensors of more elements than this (8 Gi, 32 GiB as fp32) are a corrupt shape: no device holds one. */
  static final long MAX_ELEMENTS = 1L << 33;

  /** A shape the file contradicts or makes impossible: an error naming the node, never an unknown shape. */
  static final class BadShape extends IllegalArgumentException {
    BadShape(String msg) {
      super(msg);
    }
  }

  static boolean tooLarge(long[] shape) {
    double n = 1;
    for (long d : shape) {
      n *= Math.max(d, 1);
    }
    return n > MAX_ELEMENTS;
  }

  /** A node's attributes and weights, checked whatever the file says of its output (Conv and Pool windows). */
  static void node(OnnxModel.Node n, long[] x, long[] w) {
    if (n.opType().equals("Conv") || n.opType().equals("MaxPool") || n.opType().equals("AveragePool")) {
      window(n);
    }
    if (n.opType().equals("Conv")) {
      convWeights(n, x, w);
    }
  }

  /** Conv and pool window attributes: kernel, strides and dilations >= 1, pads >= 0. */
  static void window(OnnxModel.Node n) {
    for (String a : new String[] {"kernel_shape", "strides", "dilations", "pads"}) {
      long[] v = n.ints(a);
      for (int k = 0; v != null && k < v.length; k++) {
        if (v[k] < (a.equals("pads") ? 0 : 1)) {
          throw new BadShape(a + " " + Arrays.toString(v) + "; expected " + (a.equals("pads") ? "pads >= 0"
              : a + " >= 1"));
        }
      }
    }
  }

  /** Conv weights (M, C/group, k...) must fit the input's C channels and the kernel_shape attribute. */
  static void convWeights(OnnxModel.Node n, long[] x, long[] w) {
    if (x == null || w == null) {
      return;
    }
    long group = n.i("group", 1);
    long[] k = n.ints("kernel_shape");
    if (w.length != x.length || group < 1 || w[1] * group != x[1] || w[0] % group != 0
        || k != null && !Arrays.equals(k, Arrays.copyOfRange(w, 2, w.length))) {
      throw new BadShape("weights " + Arrays.toString(w) + " do not fit input " + Arrays.toString(x) + " with group "
          + group + (k == null ? "" : " and kernel_shape " + Arrays.toString(k)) + "; expected (out channels,"
          + " in channels / group, kernel...)");
    }
  }

  /** An inferred output: at most {@link #MAX_ELEMENTS}; Conv and Pool outputs of size >= 1 in every dim. */
  static void output(OnnxModel.Node n, long[] shape) {
    if (shape != null && tooLarge(shape)) {
      throw new BadShape("output shape " + Arrays.toString(shape) + "; expected at most " + MAX_ELEMENTS
          + " elements (no device holds more)");
    }
    if (shape != null && (n.opType().equals("Conv") || n.opType().endsWith("Pool"))) {
      for (long d : shape) {
        if (d < 1) {
          throw new BadShape("output shape " + Arrays.toString(shape) + "; expected every size >= 1 (window larger"
              + " than its input?)");
        }
      }
    }
  }
}
