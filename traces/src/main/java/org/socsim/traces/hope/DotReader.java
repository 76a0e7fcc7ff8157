package org.socsim.traces.hope;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.socsim.graph.ModelGraph;
import org.socsim.traces.Lines;
import org.socsim.traces.TraceFormatException;

/** Reads a HOPE Graphviz model DAG ({@code "producer"->"consumer";} and {@code "op" [weight=W];} lines). */
public final class DotReader {
  private static final Pattern EDGE = Pattern.compile("^\"([^\"]+)\"\\s*->\\s*\"([^\"]+)\"\\s*(\\[[^]]*])?\\s*;?$");
  private static final Pattern NODE = Pattern.compile("^\"([^\"]+)\"\\s*(\\[[^]]*])?\\s*;?$");
  /** A graph attribute ({@code rankdir=LR;}, {@code label = "x" // note}) or a default ({@code node [shape=box];}). */
  private static final Pattern ATTR = Pattern.compile("^([A-Za-z_][A-Za-z0-9_]*\\s*=.*|(graph|node|edge)\\s*\\[[^]]*]\\s*;?)$");

  private DotReader() {
  }

  public static ModelGraph read(Path file, String modelName) {
    return read(file, modelName, null, null);
  }

  /**
   * As {@link #read(Path, String)}; when {@code known} is not null, an op it does not hold is an error at its line
   * ({@code knownFrom} names where the names come from, e.g. the profile's table of the model).
   */
  public static ModelGraph read(Path file, String modelName, java.util.Set<String> known, String knownFrom) {
    ModelGraph.Builder b = new ModelGraph.Builder(modelName);
    List<int[]> edgeLines = new ArrayList<>();
    List<String[]> edgeNames = new ArrayList<>();
    boolean header = false;
    int closed = 0;
    int last = 0;
    for (Lines.Line line : Lines.read(file)) {
      last = line.number();
      String t = line.text();
      if (closed > 0) {
        throw new TraceFormatException(file, line.number(), "expected nothing after the graph's closing '}' (line "
            + closed + ")");
      }
      if (t.startsWith("digraph")) {
        if (header) {
          throw new TraceFormatException(file, line.number(), "expected one 'digraph', found a second one");
        }
        header = true;
        continue;
      }
      if (!header) {
        throw new TraceFormatException(file, line.number(), "expected 'digraph G {' before any node or edge");
      }
      if (t.equals("}")) {
        closed = line.number();
        continue;
      }
      Matcher e = EDGE.matcher(t);
      if (e.matches()) {
        known(file, line, e.group(1), known, knownFrom);
        known(file, line, e.group(2), known, knownFrom);
        b.edge(e.group(1), e.group(2));
        edgeLines.add(new int[] {line.number()});
        edgeNames.add(new String[] {e.group(1), e.group(2)});
        continue;
      }
      Matcher n = NODE.matcher(t);
      if (n.matches()) {
        known(file, line, n.group(1), known, knownFrom);
        b.op(n.group(1));
        continue;
      }
      if (t.endsWith("}") && NODE.matcher(t.substring(0, t.length() - 1).strip()).matches()) {
        String op = NODE.matcher(t.substring(0, t.length() - 1).strip()).replaceAll("$1");
        known(file, line, op, known, knownFrom);
        b.op(op);
        closed = line.number();
        continue;
      }
      if (ATTR.matcher(t).matches()) {
        continue; // graph attribute line
      }
      throw new TraceFormatException(file, line.number(),
          "expected an edge '\"producer\"->\"consumer\";' or a node '\"op\" [weight=W];'");
    }
    if (!header) {
      throw new TraceFormatException(file, 0, "expected a Graphviz 'digraph' (file is empty or not a .dot)");
    }
    if (closed == 0) {
      throw new TraceFormatException(file, last, "expected the graph's closing '}' after the last line (file"
          + " truncated?)");
    }
    try {
      return b.build();
    } catch (ModelGraph.CycleException c) {
      int at = 0;
      for (int i = 0; i < edgeNames.size() && at == 0; i++) {
        if (c.opsOnCycle().contains(edgeNames.get(i)[1]) && c.opsOnCycle().contains(edgeNames.get(i)[0])) {
          at = edgeLines.get(i)[0];
        }
      }
      for (int i = 0; i < edgeNames.size() && at == 0; i++) {
        if (c.opsOnCycle().contains(edgeNames.get(i)[1])) {
          at = edgeLines.get(i)[0];
        }
      }
      throw new TraceFormatException(file, at, "expected an acyclic graph, " + c.getMessage());
    }
  }

  private static void known(Path file, Lines.Line line, String op, java.util.Set<String> known, String knownFrom) {
    if (known != null && !known.contains(op)) {
      throw new TraceFormatException(file, line.number(), "op '" + op + "' is not in " + knownFrom
          + " (expected the graph of the model it measured: a typo, or another model's .dot?)");
    }
  }
}
