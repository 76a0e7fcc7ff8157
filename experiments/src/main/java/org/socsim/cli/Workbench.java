package org.socsim.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.socsim.graph.ModelGraph;
import org.socsim.profile.ProfileIo;
import org.socsim.profile.SocProfile;
import org.socsim.profile.TableCostModel;
import org.socsim.soc.Soc;
import org.socsim.traces.hope.DotReader;

/** Resolves the names a user types (SoC, model) into a profile, a graph, a SoC and a cost model. */
public record Workbench(SocProfile profile, ModelGraph graph, Soc soc, TableCostModel cost, List<String> notes) {

  public static Workbench load(String socName, String modelName) {
    SocProfile profile = ProfileIo.load(socName);
    List<String> notes = new ArrayList<>();
    ModelGraph graph = graph(modelName, profile, notes);
    return new Workbench(profile, graph, profile.toSoc(graph.name()), new TableCostModel(profile, graph.name()),
        notes);
  }

  /**
   * A model by {@code .dot} path or by name: the HOPE {@code <model>.dot} when the traces have one, else the
   * profile's ops chained in model order (enough for single-unit runs; noted).
   */
  static ModelGraph graph(String modelName, SocProfile profile, List<String> notes) {
    if (modelName.endsWith(".dot") || modelName.contains("/")) {
      Path p = Path.of(modelName);
      String stem = p.getFileName().toString().replaceFirst("\\.dot$", "");
      return DotReader.read(p, stem);
    }
    Path hope = null;
    try {
      hope = SharedData.hope();
    } catch (IllegalArgumentException e) {
      // fall through to the profile's op order
    }
    if (hope != null) {
      Path dot = hope.resolve("models").resolve(modelName).resolve(modelName + ".dot");
      if (Files.isRegularFile(dot)) {
        return DotReader.read(dot, modelName);
      }
    }
    SocProfile.ModelTable t = profile.models().get(modelName);
    if (t == null) {
      throw new IllegalArgumentException("unknown model '" + modelName + "'; profile " + profile.name() + " has "
          + profile.models().keySet() + (hope == null ? " (shared traces not found)" : ""));
    }
    if (t.outputBytes() == null) {
      notes.add("no DAG for " + modelName + " in the traces: ops chained in model order");
    }
    return chain(modelName, t.ops().keySet(), t.outputBytes());
  }

  /** Ops in order, each feeding the next; edge sizes from {@code outputBytes} when known. */
  static ModelGraph chain(String name, Iterable<String> ops, Map<String, Long> outputBytes) {
    ModelGraph.Builder b = new ModelGraph.Builder(name);
    String prev = null;
    for (String op : ops) {
      if (prev == null) {
        b.op(op);
      } else {
        Long bytes = outputBytes == null ? null : outputBytes.get(prev);
        b.edge(prev, op, bytes == null ? org.socsim.graph.Edge.UNKNOWN_BYTES : bytes, "");
      }
      prev = op;
    }
    return b.build();
  }

  /** Models that {@code socsim run} can resolve: bundled profile tables, marking those with a DAG. */
  public static Map<String, Boolean> knownModels() {
    Map<String, Boolean> out = new java.util.TreeMap<>();
    Path hope = null;
    try {
      hope = SharedData.hope();
    } catch (IllegalArgumentException e) {
      // no shared data
    }
    for (String soc : ProfileIo.bundled()) {
      for (String m : ProfileIo.load(soc).models().keySet()) {
        out.put(m, hope != null && Files.isRegularFile(hope.resolve("models").resolve(m).resolve(m + ".dot")));
      }
    }
    return out;
  }
}
