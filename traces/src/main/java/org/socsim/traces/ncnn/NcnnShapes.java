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

/** Output shapes of ncnn layers from their parameters and input shapes (ncnn's own rules per layer type). */
final class NcnnShapes {
  private NcnnShapes() {
  }

  /** Kernel, stride, dilation and output counts must be positive where a layer has them. */
  static void checkParams(Layer l) {
    if (l.type.contains("Convolution") || l.type.startsWith("Deconvolution")) {
      for (int k : new int[] {0, 1, 11, 2, 12, 3, 13}) {
        if (l.params.containsKey(k) && l.i(k, 1) < 1) {
          throw new IllegalArgumentException("expected key " + k + " >= 1, found " + l.params.get(k));
        }
      }
      if (l.i(6, 0) < 0) {
        throw new IllegalArgumentException("expected weight_data_size (key 6) >= 0, found " + l.params.get(6));
      }
    }
    if (l.type.equals("InnerProduct") && l.i(0, 1) < 1) {
      throw new IllegalArgumentException("expected num_output (key 0) >= 1, found " + l.params.get(0));
    }
  }

  static List<Shape> infer(Layer l, List<Shape> in, long[] input) {
    Shape x = in.isEmpty() ? null : in.get(0);
    switch (l.type) {
      case "Input": {
        long w = l.i(0, 0);
        long h = l.i(1, 0);
        long c = l.i(2, 0);
        if (w <= 0 && input != null) {
          w = input[0];
          h = input[1];
          c = input[2];
        }
        if (w <= 0) {
          throw new IllegalArgumentException("the Input layer has no size and inputs.csv has no row for the model");
        }
        return List.of(new Shape(c > 0 ? 3 : h > 0 ? 2 : 1, w, Math.max(1, h), Math.max(1, c)));
      }
      case "MemoryData": {
        long w = l.i(0, 1);
        long h = l.i(1, 0);
        long c = l.i(2, 0);
        return List.of(new Shape(c > 0 ? 3 : h > 0 ? 2 : 1, w, Math.max(1, h), Math.max(1, c)));
      }
      case "Split":
        return java.util.Collections.nCopies(l.outputs.size(), x);
      case "Convolution":
      case "ConvolutionDepthWise":
        return List.of(conv(l, x));
      case "Deconvolution":
      case "DeconvolutionDepthWise":
        return List.of(deconv(l, x));
      case "InnerProduct":
        // A 2-D input (rows x features) keeps its rows; otherwise the blob is flattened to one vector.
        return List.of(x.dims() == 2 && l.i(0, 0) > 0 && l.params.containsKey(2)
            && (long) l.i(2, 0) == (long) l.i(0, 0) * x.w() ? new Shape(2, l.i(0, 0), x.h(), 1)
            : new Shape(1, l.i(0, 0), 1, 1));
      case "Gemm": {
        long n = l.i(8, 0);
        long m = x.dims() >= 2 ? x.h() : 1;
        if (n <= 0 && in.size() > 1) {
          n = l.i(3, 0) == 1 ? in.get(1).h() : in.get(1).w();
        }
        return List.of(new Shape(2, n, m, 1));
      }
      case "MultiHeadAttention":
        return List.of(x);
      case "Pooling":
        return List.of(pool(l, x));
      case "Concat": {
        int axis = axis(l.i(0, 0), x.dims());
        long sum = 0;
        for (Shape s : in) {
          sum += s.axis(axis);
        }
        return List.of(x.withAxis(axis, sum));
      }
      case "Slice": {
        int axis = axis(l.i(1, 0), x.dims());
        long[] slices = l.array(-23300);
        int n = l.outputs.size();
        long total = x.axis(axis);
        List<Shape> out = new ArrayList<>();
        long used = 0;
        for (int k = 0; k < n; k++) {
          long s = slices == null || slices.length <= k || slices[k] == -233 ? -1 : slices[k];
          if (s < 0) {
            s = k == n - 1 ? total - used : (total - used) / (n - k);
          }
          used += s;
          out.add(x.withAxis(axis, s));
        }
        return out;
      }
      case "Eltwise":
      case "BinaryOp":
      case "Noop": {
        Shape best = x;
        for (Shape s : in) {
          if (s.elems() > best.elems()) {
            best = s;
          }
        }
        return List.of(best);
      }
      case "Permute":
        return List.of(permute(l.i(0, 0), x));
      case "Flatten":
        return List.of(new Shape(1, x.elems(), 1, 1));
      case "Reshape":
        return List.of(reshape(l, x));
      case "Interp": {
        long oh = l.i(3, 0);
        long ow = l.i(4, 0);
        if (oh <= 0) {
          oh = Math.round(x.h() * l.d(1, 1.0));
          ow = Math.round(x.w() * l.d(2, 1.0));
        }
        return List.of(new Shape(x.dims(), ow, oh, x.c()));
      }
      case "Crop":
        return List.of(crop(l, x));
      case "Padding":
        return List.of(new Shape(x.dims(), x.w() + l.i(2, 0) + l.i(3, 0), x.h() + l.i(0, 0) + l.i(1, 0),
            x.c() + l.i(7, 0) + l.i(8, 0)));
      case "PriorBox":
        // 4 coordinates and 4 variances per prior; ncnn lays them out as a (4 x priors, 2) blob.
        return List.of(new Shape(2, 4 * x.w() * x.h() * Math.max(1, priorsPerCell(l)), 2, 1));
      case "DetectionOutput":
        return List.of(new Shape(2, 6, Math.max(1, l.i(2, 100)), 1));
      case "YoloDetectionOutput":
        // ncnn's optimiser records the input shape for it (the decoded boxes are data-dependent).
        return List.of(x);
      case "Yolov3DetectionOutput":
        // Data-dependent; the optimiser's hints in the shared graphs record 6 x (candidate boxes).
        return List.of(new Shape(2, 6, 100, 1));
      default:
        return List.of(x);
    }
  }

  private static int priorsPerCell(Layer l) {
    long[] min = l.array(-23300);
    long[] ar = l.array(-23302);
    int nmin = min == null ? 1 : min.length;
    int nar = ar == null ? 0 : ar.length;
    int flip = l.i(7, 1);
    return nmin * (1 + nar * (flip == 1 ? 2 : 1)) + (l.array(-23301) == null ? 0 : l.array(-23301).length);
  }

  private static int axis(int a, int dims) {
    int r = a < 0 ? a + dims : a;
    if (r < 0 || r >= dims) {
      throw new IllegalArgumentException("axis " + a + " out of range for a rank-" + dims + " blob");
    }
    return r;
  }

  private static long outSize(long in, int k, int dil, int stride, int padA, int padB) {
    if (padA == -233 || padA == -234) {
      return (in + stride - 1) / stride;
    }
    long ext = (long) dil * (k - 1) + 1;
    return (in + padA + padB - ext) / stride + 1;
  }

  /** A convolution window: kernel, dilation, stride and pads (left, top, right, bottom), ncnn's keys and defaults. */
  private record Window(int kw, int kh, int dw, int dh, int sw, int sh, int pl, int pt, int pr, int pb) {
    static Window of(Layer l) {
      int kw = l.i(1, 0);
      int dw = l.i(2, 1);
      int sw = l.i(3, 1);
      int pl = l.i(4, 0);
      int pt = l.i(14, pl);
      return new Window(kw, l.i(11, kw), dw, l.i(12, dw), sw, l.i(13, sw), pl, pt, l.i(15, pl), l.i(16, pt));
    }
  }

  private static Shape conv(Layer l, Shape x) {
    Window k = Window.of(l);
    long ow = outSize(x.w(), k.kw, k.dw, k.sw, k.pl, k.pr);
    long oh = x.dims() >= 2 ? outSize(x.h(), k.kh, k.dh, k.sh, k.pt, k.pb) : 1;
    return new Shape(Math.max(x.dims(), 3), ow, oh, l.i(0, 0));
  }

  private static Shape deconv(Layer l, Shape x) {
    Window k = Window.of(l);
    // negative pads (-233, "same") do not apply to a transposed convolution's output
    long ow = (x.w() - 1) * k.sw + (long) k.dw * (k.kw - 1) + 1 - Math.max(0, k.pl) - Math.max(0, k.pr) + l.i(18, 0);
    long oh = (x.h() - 1) * k.sh + (long) k.dh * (k.kh - 1) + 1 - Math.max(0, k.pt) - Math.max(0, k.pb) + l.i(19, 0);
    if (l.i(20, 0) > 0) {
      ow = l.i(20, 0);
      oh = l.i(21, (int) oh);
    }
    return new Shape(3, ow, oh, l.i(0, 0));
  }

  private static Shape pool(Layer l, Shape x) {
    if (l.i(4, 0) == 1) {
      return new Shape(1, x.c(), 1, 1);
    }
    if (l.i(7, 0) == 1) {
      return new Shape(3, l.i(8, 1), l.i(18, l.i(8, 1)), x.c());
    }
    int kw = l.i(1, 0);
    int kh = l.i(11, kw);
    int sw = l.i(2, 1);
    int sh = l.i(12, sw);
    int pl = l.i(3, 0);
    int pt = l.i(13, pl);
    int pr = l.i(14, pl);
    int pb = l.i(15, pt);
    int mode = l.i(5, 0);
    long ow;
    long oh;
    if (mode == 2 || mode == 3) {
      ow = (x.w() + sw - 1) / sw;
      oh = (x.h() + sh - 1) / sh;
    } else if (mode == 1) {
      ow = (x.w() + pl + pr - kw) / sw + 1;
      oh = (x.h() + pt + pb - kh) / sh + 1;
    } else {
      ow = (x.w() + pl + pr - kw + sw - 1) / sw + 1;
      oh = (x.h() + pt + pb - kh + sh - 1) / sh + 1;
    }
    return new Shape(3, ow, oh, x.c());
  }

  private static Shape permute(int order, Shape x) {
    if (x.dims() == 2) {
      return order == 1 ? new Shape(2, x.h(), x.w(), 1) : x;
    }
    if (x.dims() < 2) {
      return x;
    }
    return switch (order) {
      case 1 -> new Shape(3, x.h(), x.w(), x.c());
      case 2 -> new Shape(3, x.w(), x.c(), x.h());
      case 3 -> new Shape(3, x.c(), x.w(), x.h());
      case 4 -> new Shape(3, x.h(), x.c(), x.w());
      case 5 -> new Shape(3, x.c(), x.h(), x.w());
      default -> x;
    };
  }

  private static Shape reshape(Layer l, Shape x) {
    long w = l.i(0, -233);
    long h = l.i(1, -233);
    long c = l.i(2, -233);
    int dims = c != -233 ? 3 : h != -233 ? 2 : 1;
    long[] d = {w, dims > 1 ? h : 1, dims > 2 ? c : 1};
    long[] src = {x.w(), x.h(), x.c()};
    long known = 1;
    int infer = -1;
    for (int k = 0; k < 3; k++) {
      if (d[k] == 0) {
        d[k] = src[k];
      }
      if (d[k] == -1) {
        infer = k;
      } else {
        known *= d[k];
      }
    }
    if (infer >= 0) {
      d[infer] = x.elems() / Math.max(1, known);
    }
    if (d[0] * d[1] * d[2] != x.elems()) {
      throw new IllegalArgumentException("reshape of " + x.elems() + " elements to " + d[0] + "x" + d[1] + "x" + d[2]);
    }
    return new Shape(dims, d[0], d[1], d[2]);
  }

  private static Shape crop(Layer l, Shape x) {
    long[] starts = l.array(-23309);
    long[] ends = l.array(-23310);
    long[] axes = l.array(-23311);
    if (starts != null && ends != null) {
      Shape s = x;
      for (int k = 0; k < starts.length; k++) {
        int a = axes == null ? k : axis((int) axes[k], x.dims());
        long len = x.axis(a);
        long st = starts[k] < 0 ? starts[k] + len : starts[k];
        long en = ends[k] < 0 ? ends[k] + len : Math.min(ends[k], len);
        s = s.withAxis(a, Math.max(1, en - st));
      }
      return s;
    }
    long ow = l.i(3, 0) > 0 ? l.i(3, 0) : x.w() - l.i(0, 0);
    long oh = l.i(4, 0) > 0 ? l.i(4, 0) : x.h() - l.i(1, 0);
    long oc = l.i(5, 0) > 0 ? l.i(5, 0) : x.c() - l.i(2, 0);
    return new Shape(x.dims(), ow, oh, oc);
  }
}
