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

/**
 * Reads an ncnn text graph ({@code .param}) into a {@link ModelGraph} with per-op features.
 *
 * <p>Format (ncnn's own documentation): line 1 the magic {@code 7767517}; line 2 {@code <layers> <blobs>}; then one
 * layer a line: {@code Type Name InputCount OutputCount in... out... key=value...}. Output shapes come from the
 * optimiser's shape hints ({@code -23330=}) where present and are inferred layer by layer otherwise, starting
 * from the Input layer's {@code 0=w 1=h 2=c} or, when those are absent, from {@code inputs.csv} beside the file
 * (the input size benchncnn feeds the model). Blobs are ncnn's {@code (w, h, c)} with a rank of 1 to 3.
 *
 * <p>Every layer type the shared benchmark graphs use is known; any other type is an error naming the file and
 * line, never a silent zero-cost op. {@code Split} layers (ncnn shares the blob, no copy) and {@code Input}/{@code
 * MemoryData} (no compute) become no ops: their consumers read the producer's tensor directly. Layers whose
 * weights are int8 ({@code 8=} int8_scale_term on Convolution/InnerProduct) get family {@code <family>.int8}.
 */
public final class NcnnParam {
  /** Layer types the reader understands (all types in the shared ncnn benchmark graphs). */
  public static final Set<String> KNOWN = Set.of("Input", "MemoryData", "Split", "Noop", "Convolution",
      "ConvolutionDepthWise", "Deconvolution", "DeconvolutionDepthWise", "InnerProduct", "Gemm",
      "MultiHeadAttention", "Pooling", "Concat", "Slice", "Eltwise", "BinaryOp", "ReLU", "Swish", "HardSwish",
      "HardSigmoid", "Sigmoid", "GELU", "TanH", "Clip", "Dropout", "Softmax", "LayerNorm", "BatchNorm", "LRN",
      "ShuffleChannel", "Permute", "Flatten", "Reshape", "Interp", "Crop", "Padding", "PriorBox", "DetectionOutput",
      "YoloDetectionOutput", "Yolov3DetectionOutput");

  private static final int ELEM = 4;

  /** A blob shape: rank 1..3 and ncnn's w, h, c (unused dims are 1). */
  record Shape(int dims, long w, long h, long c) {
    long elems() {
      return w * h * c;
    }

    long bytes() {
      return elems() * ELEM;
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

  private NcnnParam() {
  }

  public static ModelGraph read(Path file) {
    String stem = file.getFileName().toString().replaceFirst("\\.param$", "");
    return read(file, stem, inputSize(file.resolveSibling("inputs.csv"), stem));
  }

  /** Reads {@code file} naming the graph {@code name}; {@code input} (w, h, c) is used when the Input layer has none. */
  public static ModelGraph read(Path file, String name, long[] input) {
    return read(file, name, input, null);
  }

  /**
   * As {@link #read(Path, String, long[])}; when {@code mismatches} is not null, every layer whose inferred output
   * shape differs from the file's shape hint is listed there (the hint wins), so shape inference can be checked.
   */
  public static ModelGraph read(Path file, String name, long[] input, List<String> mismatches) {
    List<Lines.Line> lines = Lines.read(file);
    if (lines.isEmpty() || !lines.get(0).fields()[0].equals("7767517")) {
      throw new TraceFormatException(file, lines.isEmpty() ? 0 : lines.get(0).number(),
          "expected the ncnn param magic number 7767517 on the first line");
    }
    if (lines.size() < 2 || lines.get(1).fields().length < 2) {
      throw new TraceFormatException(file, lines.size() < 2 ? 0 : lines.get(1).number(),
          "expected '<layer count> <blob count>' on the second line");
    }
    int declared = (int) Lines.number(file, lines.get(1), 0, "layer count");
    if (declared != lines.size() - 2) {
      throw new TraceFormatException(file, lines.get(1).number(), "the header declares " + declared
          + " layers but the file has " + (lines.size() - 2) + " layer lines");
    }
    ModelGraph.Builder b = new ModelGraph.Builder(name);
    Map<String, Shape> shapes = new HashMap<>();
    Map<String, String> producer = new HashMap<>();
    Set<String> names = new java.util.HashSet<>();
    for (int li = 2; li < lines.size(); li++) {
      Lines.Line line = lines.get(li);
      Layer l = Layer.parse(file, line);
      if (!KNOWN.contains(l.type)) {
        throw new TraceFormatException(file, line.number(), "unknown ncnn layer type '" + l.type + "' (known: "
            + new TreeSet<>(KNOWN) + ")");
      }
      if (!names.add(l.name)) {
        throw new TraceFormatException(file, line.number(), "duplicate layer name '" + l.name + "'");
      }
      List<Shape> in = new ArrayList<>();
      for (String blob : l.inputs) {
        Shape s = shapes.get(blob);
        if (s == null) {
          throw new TraceFormatException(file, line.number(), "layer " + l.name + " reads blob '" + blob
              + "' that no earlier layer produces");
        }
        in.add(s);
      }
      List<Shape> out;
      try {
        out = infer(l, in, input);
      } catch (RuntimeException e) {
        throw new TraceFormatException(file, line.number(), "cannot infer the output shape of " + l.type + " "
            + l.name + ": " + e.getMessage());
      }
      List<Shape> hinted = l.hints(file, line.number());
      if (hinted != null && hinted.size() == l.outputs.size()) {
        if (mismatches != null && !sameShapes(hinted, out)) {
          mismatches.add(name + ":" + line.number() + " " + l.type + " " + l.name + " inferred " + texts(out)
              + " hint " + texts(hinted));
        }
        out = hinted;
      }
      for (Shape s : out) {
        if (s.w <= 0 || s.h <= 0 || s.c <= 0) {
          throw new TraceFormatException(file, line.number(), "layer " + l.name + " has a non-positive output shape "
              + s.text());
        }
      }
      for (int k = 0; k < l.outputs.size(); k++) {
        if (shapes.put(l.outputs.get(k), out.get(k)) != null) {
          throw new TraceFormatException(file, line.number(), "blob '" + l.outputs.get(k) + "' is produced twice");
        }
      }
      if (l.type.equals("Input") || l.type.equals("MemoryData")) {
        continue;
      }
      if (l.type.equals("Split")) {
        String src = producer.get(l.inputs.get(0));
        for (String o : l.outputs) {
          if (src != null) {
            producer.put(o, src);
          }
        }
        continue;
      }
      if (l.outputs.isEmpty() && !l.type.equals("Noop")) {
        throw new TraceFormatException(file, line.number(), "layer " + l.name + " (" + l.type + ") has no output"
            + " blob; expected at least one");
      }
      org.socsim.graph.OpFeatures feat;
      try {
        checkParams(l);
        feat = features(l, in, l.outputs.isEmpty() ? in : out);
      } catch (RuntimeException e) {
        throw new TraceFormatException(file, line.number(), "layer " + l.name + " (" + l.type + "): "
            + e.getMessage());
      }
      b.op(l.name, l.type, feat);
      for (int k = 0; k < l.inputs.size(); k++) {
        String src = producer.get(l.inputs.get(k));
        if (src != null && !src.equals(l.name)) {
          b.edge(src, l.name, in.get(k).bytes(), in.get(k).text());
        }
      }
      for (String o : l.outputs) {
        producer.put(o, l.name);
      }
    }
    return b.build();
  }

  private static boolean sameShapes(List<Shape> a, List<Shape> b) {
    if (a.size() != b.size()) {
      return false;
    }
    for (int k = 0; k < a.size(); k++) {
      if (a.get(k).elems() != b.get(k).elems() || a.get(k).w != b.get(k).w) {
        return false;
      }
    }
    return true;
  }

  private static String texts(List<Shape> s) {
    return s.stream().map(Shape::text).toList().toString();
  }

  /** The input (w, h, c) of {@code model} from benchncnn's {@code inputs.csv}, or null when absent. */
  public static long[] inputSize(Path csv, String model) {
    if (!Files.isRegularFile(csv)) {
      return null;
    }
    for (Lines.Line l : Lines.read(csv)) {
      String[] c = l.text().split(",");
      if (c.length >= 4 && c[0].strip().equals(model)) {
        try {
          return new long[] {Long.parseLong(c[1].strip()), Long.parseLong(c[2].strip()), Long.parseLong(c[3].strip())};
        } catch (NumberFormatException e) {
          throw new TraceFormatException(csv, l.number(), "expected model,width,height,channels with integer sizes");
        }
      }
    }
    return null;
  }

  /** One parsed layer line. */
  static final class Layer {
    String type;
    String name;
    List<String> inputs = new ArrayList<>();
    List<String> outputs = new ArrayList<>();
    final Map<Integer, String> params = new LinkedHashMap<>();

    static Layer parse(Path file, Lines.Line line) {
      String[] f = line.fields();
      if (f.length < 4) {
        throw new TraceFormatException(file, line.number(), "expected 'Type Name InputCount OutputCount ...'");
      }
      Layer l = new Layer();
      l.type = f[0];
      l.name = f[1];
      int nin;
      int nout;
      try {
        nin = Integer.parseInt(f[2]);
        nout = Integer.parseInt(f[3]);
      } catch (NumberFormatException e) {
        throw new TraceFormatException(file, line.number(), "expected integer input and output counts in fields 3-4");
      }
      if (nin < 0 || nout < 0 || (long) f.length < 4L + nin + nout) {
        throw new TraceFormatException(file, line.number(), "expected " + nin + " input and " + nout
            + " output blob names after the counts");
      }
      for (int i = 0; i < nin; i++) {
        l.inputs.add(f[4 + i]);
      }
      for (int i = 0; i < nout; i++) {
        l.outputs.add(f[4 + nin + i]);
      }
      for (int i = 4 + nin + nout; i < f.length; i++) {
        int eq = f[i].indexOf('=');
        if (eq <= 0) {
          throw new TraceFormatException(file, line.number(), "expected key=value, found '" + f[i] + "'");
        }
        try {
          l.params.put(Integer.parseInt(f[i].substring(0, eq)), f[i].substring(eq + 1));
        } catch (NumberFormatException e) {
          throw new TraceFormatException(file, line.number(), "expected an integer key in '" + f[i] + "'");
        }
      }
      return l;
    }

    int i(int key, int def) {
      String v = params.get(key);
      if (v == null) {
        return def;
      }
      try {
        return (int) Math.round(Double.parseDouble(v));
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("key " + key + " is not a number: '" + v + "'");
      }
    }

    double d(int key, double def) {
      String v = params.get(key);
      return v == null ? def : Double.parseDouble(v);
    }

    /** Array parameter (key {@code -23300 - k}) without its count, or null. */
    long[] array(int key) {
      String v = params.get(key);
      if (v == null) {
        return null;
      }
      String[] p = v.split(",");
      long[] out = new long[p.length - 1];
      for (int k = 1; k < p.length; k++) {
        out[k - 1] = Math.round(Double.parseDouble(p[k]));
      }
      return out;
    }

    /** Output shapes from the optimiser's hint {@code -23330=}, or null. */
    List<Shape> hints(Path file, int lineNo) {
      long[] a;
      try {
        a = array(-23330);
      } catch (NumberFormatException e) {
        throw new TraceFormatException(file, lineNo, "expected integers in the shape hint -23330");
      }
      if (a == null) {
        return null;
      }
      List<Shape> out = new ArrayList<>();
      int k = 0;
      while (k < a.length) {
        // Four values per output blob: rank, w, h, c (unused dims written as 1).
        int rank = (int) a[k++];
        if (rank < 1 || rank > 3 || k + 3 > a.length) {
          return null;
        }
        long w = a[k];
        long h = rank > 1 ? a[k + 1] : 1;
        long c = rank > 2 ? a[k + 2] : 1;
        out.add(new Shape(rank, w, h, c));
        k += 3;
      }
      return out;
    }
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
        return List.of(x.dims == 2 && l.i(0, 0) > 0 && l.params.containsKey(2)
            && (long) l.i(2, 0) == (long) l.i(0, 0) * x.w ? new Shape(2, l.i(0, 0), x.h, 1)
            : new Shape(1, l.i(0, 0), 1, 1));
      case "Gemm": {
        long n = l.i(8, 0);
        long m = x.dims >= 2 ? x.h : 1;
        if (n <= 0 && in.size() > 1) {
          n = l.i(3, 0) == 1 ? in.get(1).h : in.get(1).w;
        }
        return List.of(new Shape(2, n, m, 1));
      }
      case "MultiHeadAttention":
        return List.of(x);
      case "Pooling":
        return List.of(pool(l, x));
      case "Concat": {
        int axis = axis(l.i(0, 0), x.dims);
        long sum = 0;
        for (Shape s : in) {
          sum += s.axis(axis);
        }
        return List.of(x.withAxis(axis, sum));
      }
      case "Slice": {
        int axis = axis(l.i(1, 0), x.dims);
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
          oh = Math.round(x.h * l.d(1, 1.0));
          ow = Math.round(x.w * l.d(2, 1.0));
        }
        return List.of(new Shape(x.dims, ow, oh, x.c));
      }
      case "Crop":
        return List.of(crop(l, x));
      case "Padding":
        return List.of(new Shape(x.dims, x.w + l.i(2, 0) + l.i(3, 0), x.h + l.i(0, 0) + l.i(1, 0),
            x.c + l.i(7, 0) + l.i(8, 0)));
      case "PriorBox":
        // 4 coordinates and 4 variances per prior; ncnn lays them out as a (4 x priors, 2) blob.
        return List.of(new Shape(2, 4 * x.w * x.h * Math.max(1, priorsPerCell(l)), 2, 1));
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

  private static Shape conv(Layer l, Shape x) {
    int kw = l.i(1, 0);
    int kh = l.i(11, kw);
    int dw = l.i(2, 1);
    int dh = l.i(12, dw);
    int sw = l.i(3, 1);
    int sh = l.i(13, sw);
    int pl = l.i(4, 0);
    int pt = l.i(14, pl);
    int pr = l.i(15, pl);
    int pb = l.i(16, pt);
    long ow = outSize(x.w, kw, dw, sw, pl, pr);
    long oh = x.dims >= 2 ? outSize(x.h, kh, dh, sh, pt, pb) : 1;
    return new Shape(Math.max(x.dims, 3), ow, oh, l.i(0, 0));
  }

  private static Shape deconv(Layer l, Shape x) {
    int kw = l.i(1, 0);
    int kh = l.i(11, kw);
    int dw = l.i(2, 1);
    int dh = l.i(12, dw);
    int sw = l.i(3, 1);
    int sh = l.i(13, sw);
    int pl = Math.max(0, l.i(4, 0));
    int pt = Math.max(0, l.i(14, pl));
    int pr = Math.max(0, l.i(15, pl));
    int pb = Math.max(0, l.i(16, pt));
    long ow = (x.w - 1) * sw + (long) dw * (kw - 1) + 1 - pl - pr + l.i(18, 0);
    long oh = (x.h - 1) * sh + (long) dh * (kh - 1) + 1 - pt - pb + l.i(19, 0);
    if (l.i(20, 0) > 0) {
      ow = l.i(20, 0);
      oh = l.i(21, (int) oh);
    }
    return new Shape(3, ow, oh, l.i(0, 0));
  }

  private static Shape pool(Layer l, Shape x) {
    if (l.i(4, 0) == 1) {
      return new Shape(1, x.c, 1, 1);
    }
    if (l.i(7, 0) == 1) {
      return new Shape(3, l.i(8, 1), l.i(18, l.i(8, 1)), x.c);
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
      ow = (x.w + sw - 1) / sw;
      oh = (x.h + sh - 1) / sh;
    } else if (mode == 1) {
      ow = (x.w + pl + pr - kw) / sw + 1;
      oh = (x.h + pt + pb - kh) / sh + 1;
    } else {
      ow = (x.w + pl + pr - kw + sw - 1) / sw + 1;
      oh = (x.h + pt + pb - kh + sh - 1) / sh + 1;
    }
    return new Shape(3, ow, oh, x.c);
  }

  private static Shape permute(int order, Shape x) {
    if (x.dims == 2) {
      return order == 1 ? new Shape(2, x.h, x.w, 1) : x;
    }
    if (x.dims < 2) {
      return x;
    }
    return switch (order) {
      case 1 -> new Shape(3, x.h, x.w, x.c);
      case 2 -> new Shape(3, x.w, x.c, x.h);
      case 3 -> new Shape(3, x.c, x.w, x.h);
      case 4 -> new Shape(3, x.h, x.c, x.w);
      case 5 -> new Shape(3, x.c, x.h, x.w);
      default -> x;
    };
  }

  private static Shape reshape(Layer l, Shape x) {
    long w = l.i(0, -233);
    long h = l.i(1, -233);
    long c = l.i(2, -233);
    int dims = c != -233 ? 3 : h != -233 ? 2 : 1;
    long[] d = {w, dims > 1 ? h : 1, dims > 2 ? c : 1};
    long[] src = {x.w, x.h, x.c};
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
        int a = axes == null ? k : axis((int) axes[k], x.dims);
        long len = x.axis(a);
        long st = starts[k] < 0 ? starts[k] + len : starts[k];
        long en = ends[k] < 0 ? ends[k] + len : Math.min(ends[k], len);
        s = s.withAxis(a, Math.max(1, en - st));
      }
      return s;
    }
    long ow = l.i(3, 0) > 0 ? l.i(3, 0) : x.w - l.i(0, 0);
    long oh = l.i(4, 0) > 0 ? l.i(4, 0) : x.h - l.i(1, 0);
    long oc = l.i(5, 0) > 0 ? l.i(5, 0) : x.c - l.i(2, 0);
    return new Shape(x.dims, ow, oh, oc);
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
        long cin = l.type.startsWith("Deconv") ? x.c : x.c;
        long cout = y.c;
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
        long rows = y.dims == 2 ? y.h : 1;
        long k = x.elems() / Math.max(1, rows);
        long n = y.w;
        double macs = (double) rows * k * n;
        long params = l.i(2, 0) + (l.i(1, 0) == 1 ? n : 0);
        return new OpFeatures("dense" + suffix, macs, 2 * macs, actIn + params * wBytes, bytesOut, params, 0, 0, 0, k,
            n);
      }
      case "Gemm" -> {
        long k = l.i(9, 0) > 0 ? l.i(9, 0) : x.w;
        double macs = (double) y.elems() * k;
        long params = l.i(5, 0) == 1 ? k * y.w + (l.i(6, 0) == 1 ? y.w : 0) : 0;
        return new OpFeatures("dense", macs, 2 * macs, actIn + params * ELEM, bytesOut, params, 0, 0, 0, k, y.w);
      }
      case "MultiHeadAttention" -> {
        long e = l.i(0, (int) x.w);
        long seq = x.h;
        double macs = 4.0 * seq * e * e + 2.0 * seq * seq * e;
        long params = 4 * e * e + 4 * e;
        return new OpFeatures("dense", macs, 2 * macs, actIn + params * ELEM, bytesOut, params, 0, 0, 0, e, e);
      }
      case "Pooling" -> {
        int k = l.i(4, 0) == 1 ? (int) Math.min(x.w, Integer.MAX_VALUE) : l.i(1, 0);
        double flops = l.i(4, 0) == 1 ? x.elems() : (double) outElems * Math.max(1, k) * Math.max(1, l.i(11, k));
        return new OpFeatures("pool", 0, flops, actIn, bytesOut, 0, k, l.i(2, 1), 0, x.c, y.dims == 1 ? y.w : y.c);
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
