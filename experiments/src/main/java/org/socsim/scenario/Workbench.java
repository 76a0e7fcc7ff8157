package org.socsim.scenario;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.socsim.graph.ModelGraph;
import org.socsim.profile.ProfileIo;
import org.socsim.profile.SocProfile;
import org.socsim.profile.FeatureCostModel;
import org.socsim.profile.TableCostModel;
import org.socsim.profile.WhatIf;
import org.socsim.soc.CostModel;
import org.socsim.soc.Unit;
import org.socsim.traces.onnx.OnnxGraphs;
import org.socsim.soc.Soc;
import org.socsim.traces.hope.DotReader;
import org.socsim.traces.ncnn.NcnnParam;

/** Resolves the names a user types (SoC, model) into a profile, a graph, a SoC and a cost model. */
public record Workbench(SocProfile profile, ModelGraph graph, Soc soc, CostModel cost, List<String> notes) {

  public static Workbench load(String socName, String modelName) {
    return load(socName, modelName, "");
  }

  /** "; X, Y have none: ..." for the profile's units without a feature cost model (they run measured models only). */
  private static String withoutCostModel(SocProfile profile) {
    List<String> none = profile.units().stream().map(SocProfile.UnitSpec::id)
        .filter(u -> !profile.costModels().containsKey(u)).toList();
    return none.isEmpty() ? "" : "; " + String.join(", ", none) + (none.size() == 1 ? " has" : " have") + " none (its"
        + " tables cover only the models measured there), so this model's ops cannot run there and fall back";
  }

  /**
   * As {@link #load(String, String)} on the profile changed by a what-if ({@link WhatIf}: {@code gpu.speed=2,...};
   * empty = none).
   */
  public static Workbench load(String socName, String modelName, String whatIf) {
    if (modelName.contains(",")) {
      return workload(socName, List.of(modelName.split(",")), whatIf);
    }
    SocProfile profile = profile(socName, whatIf);
    List<String> notes = new ArrayList<>();
    if (whatIf != null && !whatIf.isBlank()) {
      notes.add("what-if " + WhatIf.parse(whatIf).text() + " applied to profile " + profile.name());
    }
    Path onnx = onnxFor(modelName, profile);
    if (onnx != null) {
      ModelGraph graph = readGraphFile(onnx);
      if (profile.costModels() == null || profile.costModels().isEmpty()) {
        throw new IllegalArgumentException("profile " + profile.name() + " has no feature cost model, so it runs only"
            + " the models it measured: " + profile.models().keySet() + " (" + onnx.getFileName() + " is not one)");
      }
      FeatureCostModel cost = new FeatureCostModel(profile, graph);
      notes.add("graph from " + onnx.getFileName() + "; all " + graph.size() + " op latencies predicted from op"
          + " features by the profile's fitted cost model (units with one: " + profile.costModels().keySet() + ")"
          + (cost.hasModelTotal() ? "; whole-model total from the profile's measured or transferred latency of"
          + " this graph" : "") + withoutCostModel(profile));
      return new Workbench(profile, graph, featureSoc(profile), cost, notes);
    }
    ModelGraph graph = graph(modelName, profile, notes);
    return new Workbench(profile, graph, profile.toSoc(graph.name()), new TableCostModel(profile, graph.name()),
        notes);
  }

  /**
   * Several models inferred at once (a multi-DNN workload): one graph whose ops are named {@code k:model|op}
   * (job k), each priced by its own model's cost model. The SoC's dispatch gaps are the first model's.
   */
  static Workbench workload(String socName, List<String> models, String whatIf) {
    List<Workbench> parts = new ArrayList<>();
    for (String m : models) {
      parts.add(load(socName, m.strip(), whatIf));
    }
    return combine(models, parts);
  }

  /** One workload graph of already loaded models (ops {@code k:model|op}); the SoC is the first model's. */
  static Workbench combine(List<String> models, List<Workbench> parts) {
    ModelGraph.Builder b = new ModelGraph.Builder(String.join("+", models));
    Map<String, Object[]> inner = new java.util.HashMap<>();
    List<String> notes = new ArrayList<>();
    int k = 0;
    for (Workbench w : parts) {
      String m = models.get(k);
      String prefix = ++k + ":" + w.graph().name() + "|";
      for (org.socsim.graph.Op op : w.graph().ops()) {
        b.slice(prefix + op.name(), op.type(), op.features(), prefix + op.name(), 1.0);
        inner.put(prefix + op.name(), new Object[] {w.cost(), op});
      }
      for (org.socsim.graph.Edge e : w.graph().edges()) {
        b.edge(prefix + w.graph().op(e.producer()).name(), prefix + w.graph().op(e.consumer()).name(), e.bytes(),
            e.shape());
      }
      w.notes().forEach(n -> notes.add(m + ": " + n));
    }
    CostModel union = new Union(inner);
    notes.add("workload of " + models.size() + " models (jobs named k:model); dispatch gaps of " + models.get(0));
    Workbench first = parts.get(0);
    return new Workbench(first.profile(), b.build(), first.soc(), union, notes);
  }

  /**
   * A profile by name or file, changed by a what-if; a malformed what-if is an error that also names the
   * profile's unit ids and links.
   */
  public static SocProfile profile(String socName, String whatIf) {
    SocProfile p = ProfileIo.load(socName);
    WhatIf w;
    try {
      w = WhatIf.parse(whatIf);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(e.getMessage() + "; units of " + p.name() + ": " + p.units().stream()
          .map(SocProfile.UnitSpec::id).toList() + ", links: " + (p.links() == null ? List.of() : p.links().keySet()
          .stream().map(k -> k.replace("->", "-")).sorted().toList()));
    }
    return w.apply(p);
  }

  /**
   * The graph file to price with features: an explicit .onnx or ncnn .param path, or a shared ONNX graph (else a
   * shared ncnn-bench graph, also reachable as {@code ncnn:NAME}) when the profile has no table of that name.
   */
  static Path onnxFor(String modelName, SocProfile profile) {
    String lower = modelName.toLowerCase(java.util.Locale.ROOT);
    if (lower.endsWith(".onnx") || lower.endsWith(".param")) {
      return Path.of(modelName);
    }
    if (profile.models().containsKey(modelName) || modelName.contains("/")) {
      return null;
    }
    if (modelName.startsWith("ncnn:")) {
      Path p = ncnnFiles().get(modelName.substring(5));
      if (p == null) {
        throw new IllegalArgumentException("unknown ncnn-bench graph '" + modelName.substring(5) + "'; known: "
            + ncnnFiles().keySet());
      }
      return p;
    }
    Path p = onnxFiles().get(modelName);
    return p != null ? p : ncnnFiles().get(modelName);
  }

  /** The ncnn benchmark's graphs under the shared folder, by name. */
  public static Map<String, Path> ncnnFiles() {
    Map<String, Path> out = new java.util.TreeMap<>();
    SharedFolder.root().ifPresent(r -> {
      Path dir = r.resolve("traces/ncnn-bench/models");
      if (Files.isDirectory(dir)) {
        try (var s = Files.list(dir)) {
          s.filter(p -> p.toString().endsWith(".param")).sorted().forEach(p -> out.put(
              p.getFileName().toString().replaceFirst("\\.param$", ""), p));
        } catch (java.io.IOException e) {
          throw new java.io.UncheckedIOException(e);
        }
      }
    });
    return out;
  }

  /** Ops whose latency comes from the fitted feature cost model rather than a measured per-op table. */
  public int predictedOps() {
    if (cost instanceof FeatureCostModel) {
      return graph.size();
    }
    if (cost instanceof Union u) {
      return (int) graph.ops().stream().filter(o -> u.inner.containsKey(o.origin())
          && u.inner.get(o.origin())[0] instanceof FeatureCostModel).count();
    }
    return 0;
  }

  /** Several models' cost models, each op priced by its own model's. */
  private static final class Union implements CostModel {
    final Map<String, Object[]> inner;

    Union(Map<String, Object[]> inner) {
      this.inner = inner;
    }

    @Override
    public double durationUs(org.socsim.graph.Op op, Unit unit, int threads) {
      if (op.isJoin()) {
        return 0.0;
      }
      Object[] e = inner.get(op.origin());
      return ((CostModel) e[0]).durationUs((org.socsim.graph.Op) e[1], unit, threads) * op.fraction();
    }

    @Override
    public boolean supports(org.socsim.graph.Op op, Unit unit) {
      return op.isJoin() || ((CostModel) inner.get(op.origin())[0]).supports((org.socsim.graph.Op) inner.get(
          op.origin())[1], unit);
    }

    @Override
    public double memoryBytes(org.socsim.graph.Op op, Unit unit) {
      if (op.isJoin()) {
        return 0.0;
      }
      Object[] e = inner.get(op.origin());
      return ((CostModel) e[0]).memoryBytes((org.socsim.graph.Op) e[1], unit) * op.fraction();
    }
  }

  /** Runnable and graph-only ONNX models under the shared folder, by name. */
  public static Map<String, Path> onnxFiles() {
    Map<String, Path> out = new java.util.TreeMap<>();
    SharedFolder.root().ifPresent(r -> {
      for (Path dir : List.of(r.resolve("traces/h100-server/graphs"), r.resolve("models"))) {
        if (Files.isDirectory(dir)) {
          try (var s = Files.list(dir)) {
            s.filter(p -> p.toString().endsWith(".onnx")).sorted().forEach(p -> out.putIfAbsent(
                p.getFileName().toString().replaceFirst("(\\.graph-only)?\\.onnx$", ""), p));
          } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
          }
        }
      }
    });
    return out;
  }

  /** The SoC with per-op framework overheads of the fitted cost models. */
  static Soc featureSoc(SocProfile p) {
    List<Unit> units = new ArrayList<>();
    Soc base = p.toSoc("");
    for (Unit u : base.units()) {
      var cm = p.costModels().get(u.id());
      units.add(new Unit(u.index(), u.id(), u.kind(), u.cores(), u.streams(), cm == null ? u.dispatchUs()
          : cm.dispatchUs()));
    }
    return new Soc(p.name(), units, base.transfers());
  }

  /**
   * A model by {@code .dot} path or by name: the HOPE {@code <model>.dot} when the traces have one, else the
   * profile's ops chained in model order (enough for single-unit runs; noted).
   */
  /** Parsed HOPE DAGs (immutable), by file, size and modification time: every phone shares one model's DAG. */
  private static final org.socsim.io.BoundedCache<String, ModelGraph> DAGS = new org.socsim.io.BoundedCache<>(16);

  private static ModelGraph dag(Path dot, String modelName) {
    String key;
    try {
      key = dot.toAbsolutePath() + "\u0000" + modelName + "\u0000" + Files.size(dot) + "\u0000"
          + Files.getLastModifiedTime(dot).toMillis();
    } catch (java.io.IOException e) {
      return DotReader.read(dot, modelName);
    }
    return DAGS.get(key, k -> DotReader.read(dot, modelName));
  }

  /** A graph file by its extension: ncnn {@code .param}, {@code .onnx}, else a HOPE {@code .dot} named by its stem. */
  public static ModelGraph readGraphFile(Path p) {
    String name = p.getFileName().toString();
    String lower = checkGraphFile(p);
    if (lower.endsWith(".param")) {
      return NcnnParam.read(p);
    }
    if (lower.endsWith(".onnx")) {
      return OnnxGraphs.load(p);
    }
    return DotReader.read(p, name.substring(0, name.length() - 4));
  }

  /** A graph file's name in lower case; a folder or a name not ending in .onnx, .param or .dot is refused. */
  private static String checkGraphFile(Path p) {
    if (Files.isDirectory(p)) {
      throw new IllegalArgumentException(p + ": is a directory (expected a .onnx, ncnn .param or HOPE .dot graph"
          + " file)");
    }
    String lower = p.getFileName().toString().toLowerCase(java.util.Locale.ROOT);
    if (!lower.endsWith(".param") && !lower.endsWith(".onnx") && !lower.endsWith(".dot")) {
      throw new IllegalArgumentException(p + ": unknown graph file type (expected .onnx, ncnn .param or HOPE .dot)");
    }
    return lower;
  }

  static ModelGraph graph(String modelName, SocProfile profile, List<String> notes) {
    if (modelName.toLowerCase(java.util.Locale.ROOT).endsWith(".dot") || modelName.contains("/")) {
      Path p = Path.of(modelName);
      checkGraphFile(p);
      String stem = p.getFileName().toString().replaceFirst("(?i)\\.dot$", "");
      SocProfile.ModelTable table = profile.models().get(stem);
      if (table == null) {
        return DotReader.read(p, stem);
      }
      // A graph the profile measured under this name: an op its table lacks is a typo or another model's file.
      ModelGraph g = DotReader.read(p, stem, table.ops().keySet(), profile.name() + "'s table of " + stem);
      List<String> missing = table.ops().keySet().stream().filter(op -> g.indexOf(op) < 0).toList();
      if (!missing.isEmpty()) {
        notes.add("warning: " + p.getFileName() + " lacks " + missing.size() + " of the " + table.ops().size()
            + " ops of " + profile.name() + "'s table of " + stem + " (e.g. '" + missing.get(0) + "'); they are not"
            + " simulated");
      }
      return g;
    }
    Path hope = null;
    try {
      hope = SharedFolder.hope();
    } catch (IllegalArgumentException e) {
      // fall through to the profile's op order
    }
    if (hope != null) {
      Path dot = hope.resolve("models").resolve(modelName).resolve(modelName + ".dot");
      if (Files.isRegularFile(dot)) {
        return dag(dot, modelName);
      }
    }
    SocProfile.ModelTable t = profile.models().get(modelName);
    if (t == null) {
      List<String> near = hope == null ? List.of() : org.socsim.profile.ProfileIo.containing(modelName,
          java.util.stream.Stream.concat(onnxFiles().keySet().stream(), ncnnFiles().keySet().stream()).toList());
      List<String> names = new ArrayList<>(profile.models().keySet());
      if (hope != null) {
        names.addAll(onnxFiles().keySet());
        names.addAll(ncnnFiles().keySet());
      }
      throw new IllegalArgumentException("unknown model '" + modelName + "'" + ProfileIo.didYouMean(modelName, names)
          + "; profile " + profile.name() + " has per-op"
          + " tables of " + profile.models().keySet() + (hope == null ? " (shared traces not found)"
          : near.isEmpty() ? "; any shared ONNX or ncnn graph (socsim list models) or a .onnx/.param path also runs"
          : "; shared graphs whose names contain it (priced by features): "
          + org.socsim.profile.ProfileIo.firstOf(near, org.socsim.profile.ProfileIo.SUGGESTIONS)));
    }
    if (t.outputBytes() == null) {
      notes.add("no DAG for " + modelName + " in the traces: ops chained in model order");
    }
    Map<String, Long> bytes = t.outputBytes() == null ? Map.of() : t.outputBytes();
    return ModelGraph.chain(modelName, t.ops().keySet(), bytes::get);
  }


  /** Models that {@code socsim run} can resolve from bundled profile tables, with how their graph is built. */
  public static Map<String, String> knownModels() {
    Map<String, String> out = new java.util.TreeMap<>();
    Path hope = null;
    try {
      hope = SharedFolder.hope();
    } catch (IllegalArgumentException e) {
      // no shared data
    }
    for (String soc : ProfileIo.bundled()) {
      SocProfile p = ProfileIo.load(soc);
      for (Map.Entry<String, SocProfile.ModelTable> m : p.models().entrySet()) {
        String how;
        if (hope != null && Files.isRegularFile(hope.resolve("models").resolve(m.getKey()).resolve(m.getKey() + ".dot"))) {
          how = "DAG from the HOPE <model>.dot; per-op tables";
        } else if (m.getValue().outputBytes() != null) {
          how = "chain of measured stages with tensor sizes";
        } else if (m.getValue().runtime().equals("ONNX Runtime")) {
          how = "measured nodes, chained (use the .onnx for the DAG)";
        } else {
          how = "no DAG in the traces: ops chained (single-unit runs only are faithful)";
        }
        out.merge(m.getKey(), how + " [" + soc + "]", (a, b) -> a.startsWith(how) ? a.replace("]", "," + soc + "]")
            : a + "; " + b);
      }
    }
    return out;
  }
}
