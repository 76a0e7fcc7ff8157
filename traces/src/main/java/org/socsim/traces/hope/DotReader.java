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

  private DotReader() {
  }

  public static ModelGraph read(Path file, String modelName) {
    ModelGraph.Builder b = new ModelGraph.Builder(modelName);
    List<int[]> edgeLines = new ArrayList<>();
    List<String[]> edgeNames = new ArrayList<>();
    boolean header = false;
    for (Lines.Line line : Lines.read(file)) {
      String t = line.text();
      if (t.startsWith("digraph")) {
        header = true;
        continue;
      }
      if (t.equals("}")) {
        continue;
      }
      if (!header) {
        throw new TraceFormatException(file, line.number(), "expected 'digraph G {' before any node or edge");
      }
      Matcher e = EDGE.matcher(t);
      if (e.matches()) {
        b.edge(e.group(1), e.group(2));
        edgeLines.add(new int[] {line.number()});
        edgeNames.add(new String[] {e.group(1), e.group(2)});
        continue;
      }
      Matcher n = NODE.matcher(t);
      if (n.matches()) {
        b.op(n.group(1));
        continue;
      }
      if (t.endsWith("}") && NODE.matcher(t.substring(0, t.length() - 1).strip()).matches()) {
        b.op(NODE.matcher(t.substring(0, t.length() - 1).strip()).replaceAll("$1"));
        continue;
      }
      if (t.contains("=") && !t.contains("\"->\"")) {
        continue; // graph attribute line
      }
      throw new TraceFormatException(file, line.number(),
          "expected an edge '\"producer\"->\"consumer\";' or a node '\"op\" [weight=W];'");
    }
    if (!header) {
      throw new TraceFormatException(file, 0, "expected a Graphviz 'digraph' (file is empty or not a .dot)");
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
}
