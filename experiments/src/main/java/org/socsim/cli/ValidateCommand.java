package org.socsim.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.function.Function;
import org.socsim.profile.H100Calibrator;
import org.socsim.profile.HopeCalibrator;
import org.socsim.profile.ProfileIo;
import org.socsim.profile.SocProfile;
import org.socsim.replay.H100Replay;
import org.socsim.replay.HopeReplay;
import org.socsim.traces.hope.HopeCatalog;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "validate", mixinStandardHelpOptions = true, header = "Predicted vs measured: replays and leave-out predictions, error table and gate.", sortOptions = false,
    description = {"Compare predicted with measured end-to-end latency for every measured execution in a folder:",
        "  HOPE tree (models/): each run replayed with the placement it recorded (median over the file's runs);",
        "  h100-server (stages/, splits/, coexec/): split plans and CPU+GPU channel-split calls;",
        "  ncnn-bench (results.csv, models/): published whole-model latencies of ~90 devices, predicted by the",
        "  cross-device per-layer cost model under a leave-out rule (--holdout model|device).",
        "Defective files (copies, misfiled models, partial runs) are skipped with a note.",
        "Exit 1 when a threshold (--max-mean-error, --max-median-error, --min-within10) is missed.",
        "",
        "Examples: socsim validate --measured ../shared/traces/hope-mnn --holdout model",
        "          socsim validate --measured ../shared/traces/ncnn-bench --holdout device \\",
        "              --shots squeezenet,mobilenet_v2,resnet18,googlenet,shufflenet_v2 --json"})
final class ValidateCommand implements Callable<Integer> {
  @Option(names = "--measured", required = true,
      description = "Trace folder: HOPE tree (models/), h100-server layout (stages/, splits/), a co-execution re-measurement (layers.coexec.json) or ncnn-bench (results.csv)")
  Path measured;

  @Option(names = "--profile", description = "Use this profile (name or .json) for its device instead of the bundled one")
  String profile;

  @Option(names = "--holdout", defaultValue = "none", description = {
      "What the prediction may not have seen (default: ${DEFAULT-VALUE}):",
      "none: replay with bundled profiles (not a prediction: HOPE",
      "  tables derive from these timelines); ncnn-bench: in-sample fit",
      "runs: HOPE serial files split in time (calibrate on the first",
      "  half of the runs, score the second)",
      "model: leave-one-model-out. HOPE: the model's table on a phone",
      "  is predicted from other phones' tables; ncnn-bench: no row of",
      "  the model on any device is seen",
      "device: ncnn-bench: each device from all other devices plus",
      "  its --shots models only (none: zero-shot from its heading)",
      "docs/fidelity.md says which numbers are predictions."})
  String holdoutName;

  @Option(names = "--shots", split = ",", description = {"With --holdout device: the models a held-out device",
      "keeps, e.g. squeezenet,mobilenet_v2,resnet18,googlenet,shufflenet_v2"})
  List<String> shots = List.of();

  @Option(names = "--kind", description = "Keep only rows of this kind: serial, parallel (HOPE), split, coexec (h100);"
      + " a kind the folder has no rows of is an error")
  String kind;

  @Option(names = "--json", description = {"Print the table as JSON: summary, by_kind / by_device (HOPE, h100-server)",
      "or by_unit + noise_floor (ncnn-bench; each row's unit_kind names its bucket), rows, and what was left out",
      "(skipped files, or ncnn-bench notes)"})
  boolean json;

  @Option(names = "--max-mean-error", description = "Fail (exit 1) if mean |error| %% exceeds this")
  Double maxMeanError;

  @Option(names = "--max-median-error", description = "Fail (exit 1) if median |error| %% exceeds this")
  Double maxMedianError;

  @Option(names = "--min-within10", description = "Fail (exit 1) if fewer than this %% of rows are within +-10%%")
  Double minWithin10;

  @Option(names = "--max-mean-relative-error", description = {"Fail (exit 1) if the mean |relative error| %% of the",
      "rows scored (h100-server layouts: a split plan against the same run's all-CPU plan, a co-execution call",
      "against its layer's f_gpu=0 call; --kind picks which) exceeds this, or no row has one"})
  Double maxMeanRelativeError;

  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() {
    gates().check();
    if (org.socsim.traces.ncnn.NcnnBench.accepts(measured)) {
      return ncnn();
    }
    if (!shots.isEmpty()) {
      throw new IllegalArgumentException("--shots applies to the ncnn-bench layout (with --holdout device)");
    }
    HopeReplay.Holdout holdout;
    try {
      holdout = HopeReplay.Holdout.valueOf(holdoutName.toUpperCase(java.util.Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("--holdout must be none, runs or model, got '" + holdoutName + "'");
    }
    List<HopeReplay.Row> rows = new ArrayList<>();
    Map<String, String> skipped = new TreeMap<>();
    List<Map<String, Object>> coexecBest = List.of();
    List<String> queue = List.of();
    Map<HopeReplay.Row, double[]> relative = new java.util.IdentityHashMap<>();
    Optional<double[]> session = Optional.empty();
    boolean hope = false;
    boolean h100 = H100Calibrator.accepts(measured);
    if ((h100 || java.nio.file.Files.isRegularFile(measured.resolve("layers.coexec.json")))
        && holdout != HopeReplay.Holdout.NONE) {
      throw new IllegalArgumentException("--holdout applies to the HOPE and ncnn-bench layouts; " + measured
          + " is scored one way: " + (h100 ? "split plans from its own stages/, co-execution calls" : "each"
          + " co-execution call from its layer's own components, the overhead fitted") + " leave-one-layer-out");
    }
    if (h100) {
      // Calibrated from DIR's own stages unless --profile says otherwise: a re-measurement (v2/run1, v2/run2) is
      // predicted from stages measured on the same occasion.
      SocProfile p = profile != null ? ProfileIo.load(profile) : new H100Calibrator(measured, "h100-server").build();
      H100Replay.Result r = new H100Replay(measured, p).replayAll();
      r.relative().forEach((i, v) -> relative.put(r.rows().get(i), v));
      rows.addAll(r.rows());
      skipped.putAll(r.skipped());
      coexecBest = r.coexecBest();
      queue = r.queue();
    } else if (java.nio.file.Files.isRegularFile(measured.resolve("layers.coexec.json"))) {
      // a co-execution re-measurement alone (h100-server/v2/coexec): each layer predicted from its own components,
      // the overhead fitted leave-one-layer-out on this file; links and the fit's form from the h100-server profile
      org.socsim.replay.CoexecReplay.Result c = new org.socsim.replay.CoexecReplay(ProfileIo.load(profile != null
          ? profile : "h100-server")).replay(org.socsim.traces.h100.Coexec.read(measured.resolve("layers.coexec.json")));
      List<Double> rel = c.relativePct();
      for (int i = 0; i < c.rows().size(); i++) {
        rows.add(c.rows().get(i));
        relative.put(c.rows().get(i), new double[] {rel.get(i), c.noisePct().get(i)});
      }
      coexecBest = c.best();
    } else if (!java.nio.file.Files.isDirectory(measured.resolve("models"))) {
      throw new IllegalArgumentException(measured + ": not a known trace layout (expected a folder: models/ (HOPE),"
          + " stages/ + splits/ (h100-server), layers.coexec.json (a co-execution re-measurement) or results.csv"
          + " (ncnn-bench))");
    } else {
      hope = true;
      session = replayHope(holdout, rows, skipped, relative);
    }
    if (rows.isEmpty()) {
      throw new IllegalArgumentException(measured + ": nothing to score (" + skipped.size() + " files skipped)");
    }
    if (kind != null) {
      if (!List.of("serial", "parallel", "split", "coexec").contains(kind)) {
        throw new IllegalArgumentException("--kind must be serial, parallel, split or coexec, got '" + kind + "'");
      }
      List<String> kinds = rows.stream().map(HopeReplay.Row::kind).distinct().sorted().toList();
      rows.removeIf(r -> !r.kind().equals(kind));
      if (rows.isEmpty()) {
        throw new IllegalArgumentException("--kind " + kind + ": " + measured + " has no rows of that kind (it has "
            + String.join(", ", kinds) + ")");
      }
    }
    Map<String, Object> summary = summary(rows);
    double[] rel = rows.stream().filter(relative::containsKey).mapToDouble(r -> Math.abs(relative.get(r)[0]))
        .filter(Double::isFinite).sorted().toArray();
    double[] noise = rows.stream().filter(relative::containsKey).mapToDouble(r -> relative.get(r)[1])
        .filter(Double::isFinite).sorted().toArray();
    if (rel.length > 0) {
      summary.put("relative_count", rel.length);
      summary.put("mean_abs_relative_error_pct", Json.r3(Arrays.stream(rel).average().orElse(0)));
      summary.put("median_abs_relative_error_pct", Json.r3(org.socsim.result.Stats.quantile(rel, 0.5)));
    }
    session.ifPresent(x -> {
      summary.put("session_pairs", (int) x[0]);
      summary.put("session_median_pct", Json.r3(x[1]));
      summary.put("session_max_pct", Json.r3(x[2]));
    });
    if (noise.length > 0) {
      summary.put("noise_count", noise.length);
      summary.put("median_noise_pct", Json.r3(org.socsim.result.Stats.quantile(noise, 0.5)));
      summary.put("p90_noise_pct", Json.r3(org.socsim.result.Stats.quantile(noise, 0.9)));
    }
    Map<String, Map<String, Object>> byKind = new TreeMap<>();
    Map<String, Map<String, Object>> byDevice = new TreeMap<>();
    for (String k : rows.stream().map(HopeReplay.Row::kind).distinct().sorted().toList()) {
      byKind.put(k, summary(rows.stream().filter(r -> r.kind().equals(k)).toList()));
    }
    for (String d : rows.stream().map(HopeReplay.Row::device).distinct().sorted().toList()) {
      byDevice.put(d, summary(rows.stream().filter(r -> r.device().equals(d)).toList()));
    }
    var out = spec.commandLine().getOut();
    if (json) {
      Map<String, Object> o = new LinkedHashMap<>();
      o.put("holdout", holdout.name().toLowerCase(java.util.Locale.ROOT));
      o.put("summary", summary);
      o.put("by_kind", byKind);
      o.put("by_device", byDevice);
      List<Map<String, Object>> rs = new ArrayList<>();
      for (HopeReplay.Row r : rows) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("device", r.device());
        m.put("model", r.model());
        m.put("plan", r.plan());
        m.put("kind", r.kind());
        m.put("processor", r.processor());
        m.put("threads", r.threads());
        m.put("runs", r.runs());
        m.put("measured_ms", Json.r3(r.measuredMs()));
        m.put("predicted_ms", Json.r3(r.predictedMs()));
        m.put("error_pct", Json.r3(r.errorPct()));
        // null where a row has none: a reference (all-CPU) plan or call, a file without repeats
        double[] rn = relative.getOrDefault(r, new double[] {Double.NaN, Double.NaN});
        if (!hope) {
          m.put("relative_error_pct", Double.isFinite(rn[0]) ? Json.r3(rn[0]) : null);
        }
        m.put("noise_pct", Double.isFinite(rn[1]) ? Json.r3(rn[1]) : null);
        rs.add(m);
      }
      o.put("rows", rs);
      if (!queue.isEmpty()) {
        o.put("gpu_queue", queue);
      }
      if (!coexecBest.isEmpty()) {
        o.put("coexec_best_fraction", coexecBest);
      }
      if (!clusterSplit.isEmpty()) {
        o.put("cluster_split", clusterSplit);
      }
      if (hope && !HopeWorkOrder.byPhone(rows).isEmpty()) {
        o.put("gpu_work_order", HopeWorkOrder.byPhone(rows));
      }
      o.put("skipped", skipped);
      out.println(Json.write(o));
    } else {
      out.printf("%-15s %-20s %-9s %-10s %3s %4s %11s %11s %8s  %s%n", "device", "model", "kind", "processor",
          "thr", "runs", "measured_ms", "predicted_ms", "error_%", "file");
      for (HopeReplay.Row r : rows) {
        out.printf("%-15s %-20s %-9s %-10s %3d %4d %11.3f %11.3f %+8.1f  %s%n", r.device(), r.model(), r.kind(),
            r.processor(), r.threads(), r.runs(), r.measuredMs(), r.predictedMs(), r.errorPct(), r.plan());
      }
      out.println();
      printSummary(out, "all", summary);
      byKind.forEach((k, s) -> printSummary(out, "kind " + k, s));
      byDevice.forEach((k, s) -> printSummary(out, "device " + k, s));
      if (summary.containsKey("relative_count")) {
        out.printf("relative to the same run's all-CPU plan (split) or the layer's f_gpu=0 call (coexec): n=%s"
            + " mean|rel err| %.2f%%  median %.2f%%%n",
            summary.get("relative_count"), summary.get("mean_abs_relative_error_pct"),
            summary.get("median_abs_relative_error_pct"));
      }
      if (summary.containsKey("median_noise_pct")) {
        out.printf("measurement spread (%s noise_pct of %s scored rows): median %.2f%%  p90 %.2f%%%s%n", hope
            ? "run-to-run: first-half vs second-half median," : "block-to-block", summary.get("noise_count"),
            summary.get("median_noise_pct"), summary.get("p90_noise_pct"), hope && rows.size() > noise.length
            ? "; " + (rows.size() - noise.length) + " rows from files of fewer than 4 runs have none" : "");
      }
      if (summary.containsKey("session_pairs")) {
        out.printf("measurement spread across sessions (scored serial files measuring one configuration, whole-file"
            + " medians): %s pairs,"
            + " median %.2f%%  max %.2f%%%n", summary.get("session_pairs"), summary.get("session_median_pct"),
            summary.get("session_max_pct"));
      }
      // the lines about one kind of rows only when that kind is shown
      if (kind == null || kind.equals("split")) {
        queue.forEach(q -> out.println("split plans: " + q));
      }
      clusterSplit.forEach(out::println);
      String order = hope ? HopeWorkOrder.line(rows) : null;
      if (order != null) {
        out.println(order);
      }
      if (kind == null || kind.equals("coexec")) {
        org.socsim.replay.CoexecReplay.printBest(out, coexecBest);
      }
      if (!skipped.isEmpty()) {
        out.println();
        out.println("skipped " + skipped.size() + " files:");
        skipped.forEach((f, why) -> out.println("  " + f + ": " + why));
      }
    }
    return gates().gate(summary, spec.commandLine().getErr());
  }

  /** The ncnn benchmark table: leave-out predictions of whole-model latency per device setting. */
  private int ncnn() {
    return gates().gate(ValidateNcnn.run(measured, holdoutName, shots, kind != null || profile != null, json,
        spec.commandLine().getOut()), spec.commandLine().getErr());
  }

  private ValidateGates gates() {
    return new ValidateGates(maxMeanError, maxMedianError, minWithin10, maxMeanRelativeError);
  }

  /** Replays the HOPE tree into {@code rows}; returns the session-to-session spread of its serial files. */
  /** HOPE: the check of the co-execution cost phones are priced with ({@code ClusterSplitCheck}). */
  private List<String> clusterSplit = List.of();

  private Optional<double[]> replayHope(HopeReplay.Holdout holdout, List<HopeReplay.Row> rows,
      Map<String, String> skipped, Map<HopeReplay.Row, double[]> noise) {
    HopeCatalog catalog = HopeCatalog.scan(measured);
    clusterSplit = org.socsim.replay.ClusterSplitCheck.lines(catalog);
    Map<String, Optional<SocProfile>> cache = new HashMap<>();
    Map<String, String> whyNone = new HashMap<>(); // device -> why leave-one-model-out has no profile for it
    SocProfile given = profile == null ? null : ProfileIo.load(profile);
    Function<String, Optional<SocProfile>> profiles = device -> cache.computeIfAbsent(device, d -> {
      if (given != null) {
        return given.name().equals(d) ? Optional.of(given) : Optional.empty();
      }
      if (holdout == HopeReplay.Holdout.MODEL) {
        try {
          return Optional.of(new HopeCalibrator(catalog, d, false).build());
        } catch (org.socsim.traces.TraceFormatException e) {
          whyNone.put(d, e.getMessage());
          return Optional.empty();
        }
      }
      return ProfileIo.bundled().contains(d) ? Optional.of(ProfileIo.load(d)) : Optional.empty();
    });
    HopeReplay replay = new HopeReplay(catalog, profiles, holdout);
    Map<HopeReplay.Row, Double> fileMs = new java.util.IdentityHashMap<>();
    for (HopeCatalog.Note n : catalog.notes()) {
      skipped.put(catalog.root().relativize(n.path()).toString(), n.reason());
    }
    for (HopeCatalog.TimelineFile tf : catalog.timelines()) {
      HopeReplay.Outcome o = replay.replay(tf);
      if (o.row().isPresent()) {
        rows.add(o.row().get());
        fileMs.put(o.row().get(), o.fileMs());
        if (Double.isFinite(o.noisePct())) {
          noise.put(o.row().get(), new double[] {Double.NaN, o.noisePct()});
        }
      } else {
        String why = whyNone.get(tf.device());
        skipped.put(catalog.root().relativize(tf.path()).toString(), why == null ? o.skipped() : o.skipped()
            + " (leave-one-model-out calibrates it from its per-op files only: " + why + ")");
      }
    }
    return sessionSpread(rows, fileMs);
  }

  /**
   * How far two scored files that measure the same configuration disagree (serial rows of one device, model,
   * processor and thread count): max / min - 1 of their whole-file median latencies ({@code fileMs}), in percent,
   * over every pair of such files. Such files come from different measuring sessions, so this is the floor under
   * any prediction whose calibration and test come from different sessions. Empty without pairs.
   */
  static Optional<double[]> sessionSpread(List<HopeReplay.Row> rows, Map<HopeReplay.Row, Double> fileMs) {
    Map<String, List<Double>> same = new TreeMap<>();
    for (HopeReplay.Row r : rows) {
      if (r.kind().equals("serial") && fileMs.containsKey(r)) {
        same.computeIfAbsent(r.device() + "|" + r.model() + "|" + r.processor() + "|" + r.threads(),
            k -> new ArrayList<>()).add(fileMs.get(r));
      }
    }
    List<Double> d = new ArrayList<>();
    same.values().forEach(v -> {
      for (int i = 0; i < v.size(); i++) {
        for (int j = i + 1; j < v.size(); j++) {
          d.add(100 * (Math.max(v.get(i), v.get(j)) / Math.min(v.get(i), v.get(j)) - 1));
        }
      }
    });
    return d.isEmpty() ? Optional.empty() : Optional.of(new double[] {d.size(), org.socsim.result.Stats.median(d),
        d.stream().mapToDouble(Double::doubleValue).max().orElse(0)});
  }

  static void printSummary(java.io.PrintWriter out, String label, Map<String, Object> s) {
    out.printf("%-24s n=%-4s mean|err| %6.2f%%  median %6.2f%%  p90 %6.2f%%  within10 %5.1f%%%n", label,
        s.get("count"), s.get("mean_abs_error_pct"), s.get("median_abs_error_pct"), s.get("p90_abs_error_pct"),
        s.get("within10_pct"));
  }

  static Map<String, Object> summary(List<HopeReplay.Row> rows) {
    return summaryOf(rows.stream().mapToDouble(HopeReplay.Row::errorPct).toArray());
  }

  static Map<String, Object> summaryOf(double[] errors) {
    double[] e = java.util.Arrays.stream(errors).map(Math::abs).sorted().toArray();
    Map<String, Object> s = new LinkedHashMap<>();
    s.put("count", e.length);
    s.put("mean_abs_error_pct", Json.r3(e.length == 0 ? 0 : Arrays.stream(e).average().orElse(0)));
    s.put("median_abs_error_pct", Json.r3(org.socsim.result.Stats.quantile(e, 0.5)));
    s.put("p90_abs_error_pct", Json.r3(org.socsim.result.Stats.quantile(e, 0.9)));
    // within +-10 % judged on the error as the rows print it (3 decimals), so a recount from the rows agrees
    s.put("within10_pct", Json.r3(e.length == 0 ? 0 : 100.0 * Arrays.stream(e).filter(v -> Json.r3(v) <= 10)
        .count() / e.length));
    return s;
  }

}
