package org.socsim.traces.ncnn;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.socsim.graph.ModelGraph;
import org.socsim.graph.OpFeatures;
import org.socsim.traces.Lines;
import org.socsim.traces.TraceFormatException;

/** Per-op features (MACs, bytes, weights, family) of an ncnn layer from its parameters and blob shapes. */
final class NcnnFeatures {
  private static final int ELEM = NcnnParam.ELEM;

  private NcnnFeatures() {
  }

  /** Per-op features from the layer's parameters and blob shapes. */
  static OpFeatures features(Layer l, List<Shape> in, List<Shape> out) {
    long actIn = 0;
    for (Shape s : in) {
      actIn += s.bytes();
    }
    long bytesOut = 0;
    long outElems = 0;
    for (Shape s : out) {
      bytesOut += s.bytes();
      outElems += s.elems();
    }
    Shape x = in.isEmpty() ? null : in.get(0);
    Shape y = out.get(0);
    boolean int8 = l.i(8, 0) != 0;
    String suffix = int8 ? ".int8" : "";
    int wBytes = int8 ? 1 : ELEM;
    switch (l.type) {
      case "Convolution", "ConvolutionDepthWise", "Deconvolution", "DeconvolutionDepthWise" -> {
        long cin = l.type.startsWith("Deconv") ? x.c() : x.c();
        long cout = y.c();
        long groups = l.type.endsWith("DepthWise") ? Math.max(1, l.i(7, 1)) : 1;
        int kw = l.i(1, 0);
        int kh = l.i(11, kw);
        double macs = l.type.startsWith("Deconv")
            ? (double) x.elems() * (cout / groups) * kw * kh
            : (double) y.elems() * (cin / groups) * kw * kh;
        long params = l.i(6, 0) + (l.i(5, 0) == 1 ? cout : 0);
        String fam = groups > 1 && groups == cin && groups == cout ? "dwconv" : "dense";
        return new OpFeatures(fam + suffix, macs, 2 * macs, actIn + params * wBytes, bytesOut, params, kw,
            l.i(3, 1), groups, cin, cout);
      }
      case "InnerProduct" -> {
        // Rows x (features -> outputs): one row for a flattened input, h rows for a 2-D one kept 2-D.
        long rows = y.dims() == 2 ? y.h() : 1;
        long k = x.elems() / Math.max(1, rows);
        long n = y.w();
        double macs = (double) rows * k * n;
        long params = l.i(2, 0) + (l.i(1, 0) == 1 ? n : 0);
        return new OpFeatures("dense" + suffix, macs, 2 * macs, actIn + params * wBytes, bytesOut, params, 0, 0, 0, k,
            n);
      }
      case "Gemm" -> {
        long k = l.i(9, 0) > 0 ? l.i(9, 0) : x.w();
        double macs = (double) y.elems() * k;
        long params = l.i(5, 0) == 1 ? k * y.w() + (l.i(6, 0) == 1 ? y.w() : 0) : 0;
        return new OpFeatures("dense", macs, 2 * macs, actIn + params * ELEM, bytesOut, params, 0, 0, 0, k, y.w());
      }
      case "MultiHeadAttention" -> {
        long e = l.i(0, (int) x.w());
        long seq = x.h();
        double macs = 4.0 * seq * e * e + 2.0 * seq * seq * e;
        long params = 4 * e * e + 4 * e;
        return new OpFeatures("dense", macs, 2 * macs, actIn + params * ELEM, bytesOut, params, 0, 0, 0, e, e);
      }
      case "Pooling" -> {
        int k = l.i(4, 0) == 1 ? (int) Math.min(x.w(), Integer.MAX_VALUE) : l.i(1, 0);
        double flops = l.i(4, 0) == 1 ? x.elems() : (double) outElems * Math.max(1, k) * Math.max(1, l.i(11, k));
        return new OpFeatures("pool", 0, flops, actIn, bytesOut, 0, k, l.i(2, 1), 0, x.c(), y.dims() == 1 ? y.w() : y.c());
      }
      case "Softmax", "LayerNorm", "BatchNorm", "LRN" -> {
        return new OpFeatures("norm", 0, 5.0 * outElems, actIn, bytesOut, 0, 0, 0, 0, 0, 0);
      }
      case "ReLU", "Swish", "HardSwish", "HardSigmoid", "Sigmoid", "GELU", "TanH", "Clip", "Eltwise", "BinaryOp" -> {
        return new OpFeatures("elementwise", 0, outElems, actIn, bytesOut, 0, 0, 0, 0, 0, 0);
      }
      case "PriorBox", "DetectionOutput", "YoloDetectionOutput", "Yolov3DetectionOutput" -> {
        return new OpFeatures("other", 0, Math.max(outElems, actIn / ELEM), actIn, bytesOut, 0, 0, 0, 0, 0, 0);
      }
      default -> {
        // Concat, Slice, Permute, Flatten, Reshape, Interp, Crop, Padding, ShuffleChannel, Noop, Dropout.
        return new OpFeatures("data", 0, 0, actIn, bytesOut, 0, 0, 0, 0, 0, 0);
      }
    }
  }
}
