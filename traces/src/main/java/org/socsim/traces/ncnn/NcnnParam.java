package org.socsim.traces.ncnn;

import java.nio.charset.StandardCharsets;
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
import org.socsim.traces.Csv;
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

  static final int ELEM = 4;


  private NcnnParam() {
  }

  public static ModelGraph read(Path file) {
    String stem = file.getFileName().toString().replaceFirst("(?i)\\.param$", "");
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
        NcnnShapes.checkParams(l);
      } catch (RuntimeException e) {
        throw new TraceFormatException(file, line.number(), "layer " + l.name + " (" + l.type + "): "
            + e.getMessage());
      }
      try {
        out = NcnnShapes.infer(l, in, input);
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
        if (s.w() <= 0 || s.h() <= 0 || s.c() <= 0) {
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
        checkWeights(l, in);
        feat = NcnnFeatures.features(l, in, l.outputs.isEmpty() ? in : out);
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
    int blobs = (int) Lines.number(file, lines.get(1), 1, "blob count");
    if (blobs != shapes.size()) {
      throw new TraceFormatException(file, lines.get(1).number(), "the header declares " + blobs + " blobs but the"
          + " layers produce " + shapes.size());
    }
    return b.build();
  }

  /**
   * ncnn loads {@code weight_data_size} (key 6) weights from the .bin: it must be what the layer's shape needs,
   * num_output x kernel x input channels / group (x input size for InnerProduct), or the file is inconsistent.
   */
  private static void checkWeights(Layer l, List<Shape> in) {
    if (!l.params.containsKey(6) || in.isEmpty()) {
      return;
    }
    Shape x = in.get(0);
    double expected;
    if (l.type.equals("InnerProduct")) {
      expected = (double) l.i(0, 0) * x.elems();
    } else if ((l.type.contains("Convolution") || l.type.startsWith("Deconvolution")) && x.dims() == 3) {
      int kw = l.i(1, 0);
      expected = (double) l.i(0, 0) * kw * l.i(11, kw) * x.c() / Math.max(1, l.type.contains("DepthWise") ? l.i(7, 1)
          : 1);
    } else {
      return;
    }
    if (l.i(6, 0) != expected) {
      throw new IllegalArgumentException("weight_data_size (key 6) is " + l.params.get(6) + ", expected "
          + (long) expected + " (num_output x kernel x input channels" + (l.type.contains("DepthWise") ? " / group"
          : l.type.equals("InnerProduct") ? " x input size" : "") + ")");
    }
  }

  private static boolean sameShapes(List<Shape> a, List<Shape> b) {
    if (a.size() != b.size()) {
      return false;
    }
    for (int k = 0; k < a.size(); k++) {
      if (a.get(k).elems() != b.get(k).elems() || a.get(k).w() != b.get(k).w()) {
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
    for (Csv.Row c : Csv.read(csv, StandardCharsets.ISO_8859_1, true)) {
      if (c.size() >= 4 && c.get(0).strip().equals(model)) {
        try {
          return new long[] {Long.parseLong(c.get(1).strip()), Long.parseLong(c.get(2).strip()),
              Long.parseLong(c.get(3).strip())};
        } catch (NumberFormatException e) {
          throw new TraceFormatException(csv, c.line(), "expected model,width,height,channels with integer sizes");
        }
      }
    }
    return null;
  }

}
