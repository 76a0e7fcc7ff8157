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

/** One parsed layer line. */
final class Layer {
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
      if (eq <= 0 || eq == f[i].length() - 1) {
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
    String[] p = v.split(",", -1);
    if (Math.round(Double.parseDouble(p[0])) != p.length - 1) {
      throw new IllegalArgumentException("array key " + key + " declares " + p[0] + " values but has " + (p.length - 1));
    }
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
    } catch (IllegalArgumentException e) {
      throw new TraceFormatException(file, lineNo, "shape hint: " + e.getMessage());
    }
    if (a == null) {
      return null;
    }
    if (a.length % 4 != 0) {
      throw new TraceFormatException(file, lineNo, "expected 4 values (rank, w, h, c) per output blob in the shape"
          + " hint -23330, found " + a.length);
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
