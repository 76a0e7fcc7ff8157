package org.socsim.replay;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.socsim.engine.Simulation;
import org.socsim.graph.ModelGraph;
import org.socsim.plan.ExecutionPlan;
import org.socsim.profile.CrossDeviceTables;
import org.socsim.profile.HopeCalibrator;
import org.socsim.profile.SocProfile;
import org.socsim.profile.TableCostModel;
import org.socsim.result.RunResult;
import org.socsim.soc.Soc;
import org.socsim.strategy.PlanContext;
import org.socsim.strategy.Strategies;
import org.socsim.traces.hope.DotReader;
import org.socsim.traces.hope.HopeCatalog;
import org.socsim.traces.hope.MeasuredTimeline;

/**
 * Replays a measured HOPE execution with the placement it recorded and compares the predicted end-to-end
 * latency with the measured median.
 */
public final class HopeReplay {
  /** One compared execution. */
  public record Row(String device, String model, String plan, String kind, String processor, int threads, int runs,
      double measuredMs, double predictedMs, int transfers) {
    public double errorPct() {
      return 100.0 * (predictedMs - measuredMs) / measuredMs;
    }
  }

  /**
   * Either a row or the reason the file was skipped; {@code noisePct} the file's run-to-run spread
   * ({@link MeasuredTimeline#halfToHalfPct}, NaN for fewer than 4 runs); {@code fileMs} the median end-to-end
   * latency of all the file's runs (the row's {@code measuredMs} is the second half's under {@code RUNS}).
   */
  public record Outcome(Optional<Row> row, String skipped, double noisePct, double fileMs) {
    static Outcome skip(String why) {
      return new Outcome(Optional.empty(), why, Double.NaN, Double.NaN);
    }
  }

  /**
   * What the prediction may have seen. {@code NONE}: the profile as given. {@code RUNS}: serial files are
   * split in time; per-op latencies and dispatch gaps come from the first half of the runs, the measured
   * latency is the median of the second half. {@code MODEL}: the model's dispatch gaps come from the device's
   * other models (leave-one-model-out), and its per-op table is predicted from the other phones that measured it,
   * scaled by ratios learned on the models both phones measured ({@link CrossDeviceTables}); give profiles
   * calibrated without timeline-derived cells.
   */
  public enum Holdout { NONE, RUNS, MODEL }

  private final HopeCatalog catalog;
  private final java.util.function.Function<String, Optional<SocProfile>> profiles;
  private final Holdout holdout;
  private final Map<String, Optional<ModelGraph>> graphs = new LinkedHashMap<>();
  private final Map<String, CrossDeviceTables.Prediction> predictions = new LinkedHashMap<>();
  private final Map<String, SocProfile> timelineProfiles = new LinkedHashMap<>();
  private final Map<String, List<org.socsim.profile.CoRunFitter.FileEstimate>> coRuns = new LinkedHashMap<>();

  public HopeReplay(HopeCatalog catalog, java.util.function.Function<String, Optional<SocProfile>> profiles) {
    this(catalog, profiles, Holdout.NONE);
  }

  public HopeReplay(HopeCatalog catalog, java.util.function.Function<String, Optional<SocProfile>> profiles,
      Holdout holdout) {
    this.catalog = catalog;
    this.profiles = profiles;
    this.holdout = holdout;
  }

  /** Placement and order read from a measured run. */
  public record RecordedPlan(Map<String, String> placement, List<String> issueOrder, Set<String> copyAt,
      int opRows) {
  }

  /**
   * Reads the placement of a run: CPU rows on {@code cpuUnit}, GPU rows on {@code gpu}; {@code Convert} rows
   * name consumers whose inputs were copied (null when the file has none: copy at every cross-unit edge).
   */
  public static RecordedPlan recorded(List<MeasuredTimeline.Row> run, String cpuUnit) {
    Map<String, String> placement = new LinkedHashMap<>();
    Set<String> copyAt = new HashSet<>();
    boolean converts = false;
    List<MeasuredTimeline.Row> ops = new ArrayList<>();
    for (MeasuredTimeline.Row r : run) {
      switch (r.proc()) {
        case CPU -> ops.add(r);
        case GPU -> ops.add(r);
        case CONVERT -> {
          converts = true;
          copyAt.add(r.op().replaceFirst("/Convert$", ""));
        }
        default -> {
        }
      }
    }
    ops.sort((a, b) -> Double.compare(a.startUs(), b.startUs()));
    List<String> order = new ArrayList<>();
    for (MeasuredTimeline.Row r : ops) {
      placement.putIfAbsent(r.op(), r.proc() == MeasuredTimeline.Proc.GPU ? "gpu" : cpuUnit);
      order.add(r.op());
    }
    return new RecordedPlan(placement, order, converts ? copyAt : null, ops.size());
  }

  public Outcome replay(HopeCatalog.TimelineFile tf) {
    Optional<String> suspect = catalog.inconsistentScaling(tf);
    if (suspect.isPresent()) {
      return Outcome.skip(suspect.get() + "; not scored");
    }
    MeasuredTimeline t = MeasuredTimeline.read(tf.path());
    double noise = t.halfToHalfPct();
    double fileMs = t.medianEndToEndUs() / 1000.0;
    Optional<SocProfile> profile = profiles.apply(tf.device());
    if (profile.isEmpty()) {
      return Outcome.skip("no profile for device " + tf.device());
    }
    SocProfile prof = profile.get();
    if (holdout == Holdout.RUNS && tf.kind() == HopeCatalog.Kind.SERIAL) {
      int r = t.runs().size();
      if (r < 2) {
        return Outcome.skip("a single run cannot be split into calibration and test halves");
      }
      var train = t.runs().subList(0, r / 2);
      SocProfile.ModelTable own = prof.models().get(tf.model());
      SocProfile.ModelTable m = HopeCalibrator.tableFromRuns(tf, train);
      m = new SocProfile.ModelTable(m.runtime(), m.ops(), m.gpuUnsupported(), m.dispatchUs(),
          own == null ? Map.of() : own.copyUs(), null, own == null ? null : own.tensorBytes());
      prof = prof.with(Map.of(tf.model(), m), prof.costModels());
      t = new MeasuredTimeline(t.file(), t.runs().subList(r / 2, r), t.skippedRows());
    } else if (holdout == Holdout.MODEL) {
      CrossDeviceTables.Prediction pred = predicted(prof, tf.model());
      if (pred.table().isEmpty()) {
        return Outcome.skip("leave-one-model-out: " + pred.reason());
      }
      Map<String, SocProfile.ModelTable> models = new LinkedHashMap<>(prof.models());
      models.put(tf.model(), pred.table().get());
      prof = dispatchFromOtherModels(prof.with(models, prof.costModels()), tf.model());
    }
    if (!prof.models().containsKey(tf.model())) {
      return Outcome.skip("profile " + prof.name() + " has no latency table for " + tf.model());
    }
    String cpuUnit = tf.processor().equals("cpu-little") ? "cpu-little" : "cpu-big";
    if (prof.units().stream().noneMatch(u -> u.id().equals(cpuUnit))) {
      return Outcome.skip("profile " + prof.name() + " has no " + cpuUnit + " latencies (layerwise file lacks them)");
    }
    int threads = tf.threads() == 0 ? 1 : tf.threads();
    if (threads == BothClusters.THREADS && !prof.unitSpec(cpuUnit).threads().contains(threads)) {
      BothClusters.Prepared both = BothClusters.prepare(catalog, tf, prof, cpuUnit, holdout);
      if (both.profile().isEmpty()) {
        return Outcome.skip(both.skipped());
      }
      prof = both.profile().get();
    }
    if (!prof.unitSpec(cpuUnit).threads().contains(threads)) {
      return Outcome.skip(threads + " CPU threads: profile has per-op data for " + prof.unitSpec(cpuUnit).threads()
          + " only");
    }
    RecordedPlan rec = recorded(t.runs().get(0), cpuUnit);
    TableCostModel cost = new TableCostModel(prof, tf.model());
    Set<String> inFile = rec.placement().keySet();
    int unknown = 0;
    for (String op : inFile) {
      if (!cost.hasOp(op)) {
        unknown++;
      }
    }
    if (unknown > 0) {
      return Outcome.skip(unknown + " of " + inFile.size() + " ops are not in the " + tf.model()
          + " latency table (misfiled model or other runtime version)");
    }
    Soc soc = prof.toSoc(tf.model());
    int noCost = 0;
    for (Map.Entry<String, String> e : rec.placement().entrySet()) {
      if (!cost.hasLatency(e.getKey(), e.getValue())) {
        noCost++;
      }
    }
    if (noCost > 0) {
      return Outcome.skip("profile " + prof.name() + " lacks latencies for " + noCost + " ops on the units this run"
          + " used (no per-op data for that processor)");
    }
    ModelGraph graph;
    Optional<ModelGraph> dag = graph(tf.model());
    if (dag.isPresent()) {
      graph = dag.get();
    } else if (tf.kind() == HopeCatalog.Kind.SERIAL) {
      graph = ModelGraph.chain(tf.model(), rec.issueOrder(), op -> null);
    } else {
      return Outcome.skip("no DAG (.dot) for " + tf.model() + ": dependencies between CPU and GPU ops unknown");
    }
    int missing = 0;
    for (var op : graph.ops()) {
      if (!inFile.contains(op.name())) {
        missing++;
      }
    }
    if (missing > 0) {
      return Outcome.skip("partial run: " + missing + " of " + graph.size() + " graph ops absent from the file");
    }
    PlanContext ctx = new PlanContext(threads, cost, 1L, org.socsim.strategy.StrategyOptions.NONE.with(
        org.socsim.strategy.ReplayStrategy.RECORDED, new org.socsim.strategy.ReplayStrategy.Recorded(rec.placement(),
        rec.issueOrder(), rec.copyAt())));
    ExecutionPlan plan = Strategies.byName("replay").plan(graph, soc, ctx);
    RunResult r = new Simulation(graph, soc, plan, cost, org.socsim.engine.Workload.single(),
        org.socsim.engine.Dynamics.none().withCoRun(coRun(profile.get(), tf, soc))).run();
    String planName = catalog.root().relativize(tf.path()).toString();
    return new Outcome(Optional.of(new Row(tf.device(), tf.model(), planName,
        tf.kind().name().toLowerCase(java.util.Locale.ROOT), tf.processor(), threads, t.runs().size(),
        t.medianEndToEndUs() / 1000.0, r.latencyMs(), plan.transfers().size())), "", noise, fileMs);
  }

  /**
   * The device's co-run interference refitted without {@code tf} (under {@code --holdout model}: without any file
   * of its model), so a co-run is never priced by its own measurement; none when the profile has no fit.
   */
  private Map<Integer, Double> coRun(SocProfile base, HopeCatalog.TimelineFile tf, Soc soc) {
    if (base.platform() == null || base.platform().coRun() == null) {
      return Map.of();
    }
    var est = coRuns.computeIfAbsent(base.name(), d -> org.socsim.profile.CoRunFitter.estimates(catalog, base));
    SocProfile.CoRunSpec c = org.socsim.profile.CoRunFitter.fit(est, f -> holdout == Holdout.MODEL
        ? !f.model().equals(tf.model()) : !f.path().equals(tf.path()), catalog.root(), "co-run files but this one");
    return c == null ? Map.of() : c.byUnit(soc);
  }

  /**
   * {@code model}'s table on the profile's device predicted from the other phones that measured it
   * ({@link CrossDeviceTables}); the device's own measurements of the model are never read.
   */
  private CrossDeviceTables.Prediction predicted(SocProfile target, String model) {
    return predictions.computeIfAbsent(target.name() + "\u0000" + model, k -> {
      Map<String, SocProfile> donors = new LinkedHashMap<>();
      for (String d : catalog.devices(model)) {
        if (!d.equals(target.name())) {
          profiles.apply(d).ifPresent(p -> donors.put(d, withoutSuspect(p)));
        }
      }
      return CrossDeviceTables.predict(withoutSuspect(withTimelines(target)), model, donors);
    });
  }

  /**
   * The profile with every model's cells replaced, where the device has a serial timeline of that model, unit and
   * thread count, by the timeline's 1.2x-filtered per-op means (what a replay of that device is compared with).
   * Files in the device folder win over files elsewhere; misfiled files (name not the model's, or ops not the
   * model's) and thread counts without a table column are left out. Used for the target side of the cross-device ratios only (the donors keep
   * their per-op files): the ratio then maps donor tables straight to what the target's timelines show (on
   * snapdragon_855 the layerwise files disagree with its own timelines, FORMAT.md 4). The held-out model's table,
   * timeline cells included, is dropped by {@link CrossDeviceTables#predict}.
   */
  private SocProfile withTimelines(SocProfile p) {
    return timelineProfiles.computeIfAbsent(p.name(), dev -> {
      Map<String, SocProfile.ModelTable> models = new LinkedHashMap<>(p.models());
      List<HopeCatalog.TimelineFile> files = new ArrayList<>();
      for (HopeCatalog.TimelineFile tf : catalog.timelines()) {
        if (tf.device().equals(dev) && tf.kind() == HopeCatalog.Kind.SERIAL && catalog.inconsistentScaling(tf).isEmpty()) {
          files.add(tf);
        }
      }
      files.sort(java.util.Comparator.comparingInt((HopeCatalog.TimelineFile tf) ->
          catalog.root().relativize(tf.path()).getName(0).toString().equals("models")
              && catalog.root().relativize(tf.path()).getNameCount() == 4 ? 0 : 1));
      Set<String> done = new HashSet<>();
      for (HopeCatalog.TimelineFile tf : files) {
        boolean gpu = tf.processor().equals("gpu");
        int col = gpu ? 0 : List.of(1, 2, 4).indexOf(tf.threads());
        if (col < 0 || !tf.path().getFileName().toString().contains("-" + tf.model() + "-")
            || !done.add(tf.model() + "|" + tf.processor() + "|" + col)) {
          continue;
        }
        MeasuredTimeline t = MeasuredTimeline.read(tf.path());
        SocProfile.ModelTable m = HopeCalibrator.tableFromRuns(tf, t.runs());
        SocProfile.ModelTable own = models.get(tf.model());
        if (own != null && m.ops().keySet().stream().filter(own.ops()::containsKey).count() < 0.95 * m.ops().size()) {
          continue;
        }
        Map<String, Map<String, List<Double>>> ops = new LinkedHashMap<>();
        if (own != null) {
          own.ops().forEach((op, byUnit) -> ops.put(op, new LinkedHashMap<>(byUnit)));
          blankCopiedColumns(own, ops);
        }
        String unit = gpu ? "gpu" : tf.processor();
        m.ops().forEach((op, byUnit) -> {
          List<Double> v = byUnit.get(unit);
          if (v == null) {
            return;
          }
          Map<String, List<Double>> row = ops.computeIfAbsent(op, x -> new LinkedHashMap<>());
          List<Double> cells = new ArrayList<>(row.getOrDefault(unit, gpu ? List.of(Double.NaN)
              : List.of(Double.NaN, Double.NaN, Double.NaN)));
          cells.set(col, v.get(col));
          row.put(unit, cells);
        });
        models.put(tf.model(), new SocProfile.ModelTable(own != null ? own.runtime()
            : tf.model().startsWith("acl-") ? "ACL" : "MNN", ops, own != null ? own.gpuUnsupported()
            : m.gpuUnsupported(), own != null ? own.dispatchUs() : Map.of(), own != null ? own.copyUs() : Map.of(),
            null, own != null ? own.tensorBytes() : null));
      }
      return p.with(models, p.costModels());
    });
  }

  /**
   * The profile without the CPU cluster columns whose serial runs did not stay on one cluster
   * ({@link HopeCatalog#inconsistentScaling}): they would teach the cross-device ratios a thread scaling no phone has.
   */
  private SocProfile withoutSuspect(SocProfile p) {
    Map<String, SocProfile.ModelTable> models = new LinkedHashMap<>(p.models());
    models.replaceAll((model, t) -> {
      List<String> drop = List.of("cpu-big", "cpu-little").stream()
          .filter(c -> catalog.inconsistentScaling(model, p.name(), c).isPresent()).toList();
      if (drop.isEmpty()) {
        return t;
      }
      Map<String, Map<String, List<Double>>> ops = new LinkedHashMap<>();
      t.ops().forEach((op, byUnit) -> {
        Map<String, List<Double>> row = new LinkedHashMap<>(byUnit);
        row.keySet().removeAll(drop);
        ops.put(op, row);
      });
      return t.withOps(ops);
    });
    return models.equals(p.models()) ? p : p.with(models, p.costModels());
  }

  /**
   * Blanks (NaN) the CPU thread columns of {@code own} that copy a fewer-thread column ({@code TableColumns}): once the
   * fewer-thread cells are replaced by a timeline's means the copy no longer looks like one, and would pass for a
   * measurement of its thread count.
   */
  private static void blankCopiedColumns(SocProfile.ModelTable own, Map<String, Map<String, List<Double>>> ops) {
    for (String unit : List.of("cpu-big", "cpu-little")) {
      for (int k = 1; k < 3; k++) {
        if (org.socsim.profile.TableColumns.copiedColumn(own, unit, k)) {
          final int col = k;
          ops.values().forEach(row -> row.computeIfPresent(unit, (u, v) -> {
            List<Double> c = new ArrayList<>(v);
            c.set(col, Double.NaN);
            return c;
          }));
        }
      }
    }
  }

  /** The profile with {@code model}'s dispatch gaps replaced by the median over the device's other models. */
  static SocProfile dispatchFromOtherModels(SocProfile p, String model) {
    SocProfile.ModelTable own = p.models().get(model);
    if (own == null) {
      return p;
    }
    Map<String, List<Double>> others = new java.util.TreeMap<>();
    p.models().forEach((name, t) -> {
      if (!name.equals(model) && t.dispatchUs() != null) {
        t.dispatchUs().forEach((u, v) -> others.computeIfAbsent(u, k -> new ArrayList<>()).add(v));
      }
    });
    Map<String, Double> dispatch = new java.util.TreeMap<>();
    others.forEach((u, v) -> dispatch.put(u, org.socsim.result.Stats.median(v)));
    Map<String, SocProfile.ModelTable> models = new LinkedHashMap<>(p.models());
    models.put(model, new SocProfile.ModelTable(own.runtime(), own.ops(), own.gpuUnsupported(), dispatch,
        own.copyUs(), own.outputBytes(), own.tensorBytes()));
    List<SocProfile.UnitSpec> units = new ArrayList<>();
    for (SocProfile.UnitSpec u : p.units()) {
      units.add(u.withDispatchUs(dispatch.getOrDefault(u.id(), 0.0)));
    }
    return new SocProfile(p.schema(), p.name(), p.description(), p.sources(), units, p.links(), models,
        p.costModels(), p.platform(), p.notes());
  }

  private Optional<ModelGraph> graph(String model) {
    return graphs.computeIfAbsent(model, m -> catalog.dot(m).map(p -> DotReader.read(p, m)));
  }


  public static Path relative(HopeCatalog c, Path p) {
    return c.root().relativize(p);
  }
}
