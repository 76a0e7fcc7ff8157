package org.socsim.study;

import static org.socsim.study.ValidatedError.PLAN_PCT;
import static org.socsim.study.ValidatedError.pct;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.socsim.io.AtomicFiles;
import org.socsim.traces.Csv;
import org.socsim.traces.ncnn.NcnnBench;

/**
 * The seed study's claims (Liu et al. 2024, "Deep Learning Inference on Heterogeneous Mobile Processors:
 * Potentials and Pitfalls") beside socsim's numbers and the published figures in ../shared/traces/published that
 * bear on each, read from those files at run time and quoted as they are written there (the paper's own numbers are
 * not in ../shared, so its claims are stated in words only).
 */
final class SeedClaims {
  static final String PUBLISHED = "../shared/traces/published/";
  private static final String TFLITE = "tensorflow/tensorflow tensorflow/lite/g3doc/performance/benchmarks.md";
  private static final String CODL_FIG4 = "csu-eis/CoDL CoDL.pdf Sec.2 Fig.4";
  private static final String CODL_SEC7 = "csu-eis/CoDL CoDL.pdf Sec.7";
  private static final String CODL_TOOLS = "csu-eis/CoDL codl-eval-tools/README.md (example output, round 0)";

  private SeedClaims() {
  }

  /** A published row: source, device, processor, model, latency as written. */
  private record Pub(String source, String device, String processor, String model, String ms, String notes) {
  }

  static void write(Path published, StrategyFindings s, SupportAndGrain g, UiFigures u, Path out, Report report)
      throws IOException {
    List<Pub> lat = new ArrayList<>();
    List<Csv.Row> hub = List.of();
    boolean have = published != null && Files.isRegularFile(published.resolve("published_latencies.csv"));
    if (have) {
      List<Csv.Row> all = Csv.read(published.resolve("published_latencies.csv"), true);
      for (Csv.Row r : all.subList(1, all.size())) {
        lat.add(new Pub(r.get(0), r.get(1), r.get(3), r.get(5), r.get(7), r.get(8)));
      }
      if (Files.isRegularFile(published.resolve("qai_hub_perf_all.csv"))) {
        hub = Csv.read(published.resolve("qai_hub_perf_all.csv"), true);
      }
    }
    String none = have ? "" : "(" + PUBLISHED + " not found)";
    List<List<String>> rows = new ArrayList<>();
    rows.add(List.of("No single strategy (processor, schedule) wins everywhere",
        String.format(Locale.ROOT, "%s, fastest or tied in the most pairs, is more than %s slower than the fastest in"
            + " %d of %d (device, model) pairs; %d strategies win beyond the error somewhere", s.topStrategy,
            pct(PLAN_PCT), s.topLosesBeyondError, s.pairs, s.distinctClearWinners),
        !s.compared ? "not testable in this selection (one strategy per pair)" : s.topLosesBeyondError > 0
            && s.distinctClearWinners > 1 ? "holds beyond the error" : "not beyond the error",
        have ? fastestProcessor(lat) : none, TFLITE + " (" + PUBLISHED + "published_latencies.csv)"));
    rows.add(List.of("Operators unsupported by an accelerator fall back to the CPU",
        g.placements == 0 ? "no accelerator placement in this selection" : String.format(Locale.ROOT, "%d of %d"
            + " (device, model, accelerator) placements fall back%s", g.withFallback, g.placements, g.withFallback == 0
            ? "" : String.format(Locale.ROOT, ", up to %.1f%% of the ops (%s)", g.maxFallbackPct, g.maxFallbackAt)),
        g.placements == 0 ? "not run in this selection (no accelerator placement)" : g.withFallback > 0
            ? "holds (measured support, no prediction error)" : "not seen",
        (have ? hubFallback(hub) : none) + "; " + ncnnInt8Fallback(published),
        "quic/ai-hub-models perf.yaml @ 52c080d (" + PUBLISHED + "qai_hub_perf_all.csv); " + NCNN));
    rows.add(List.of("Scheduling granularity trades parallelism against synchronisation and copy cost",
        String.format(Locale.ROOT, "op-level HEFT fastest or tied within %s on %d of %d devices (%s); median copies"
            + " per inference by grain: %s", pct(ValidatedError.TIE_PCT), g.opBest, g.grainDevices,
            StudyPoints.UI_MODEL, String.join(", ", g.medianCopies.entrySet().stream()
            .map(e -> e.getKey() + " " + Math.round(e.getValue())).toList())),
        g.opBest > 0 && g.opBest < g.grainDevices ? "holds: the best grain depends on the device" : "one grain wins",
        have ? quote(lat, CODL_SEC7) : none, CODL_SEC7));
    rows.add(List.of("GPU inference costs UI frames",
        String.format(Locale.ROOT, "GPU placement drops up to %s of 60 Hz frames at 4 ms GPU per frame, CPU placement"
            + " %s; %s", pct(u.gpuMax), pct(u.cpuMax), costs(u)),
        "holds under assumptions only (not validated)", have ? "none in " + PUBLISHED + " (no frame-drop measurements)"
            : none, "-"));
    boolean adaptive = s.adaptivePairs > 0 && !Double.isNaN(s.adaptiveGainPct);
    rows.add(List.of("Cross-level, profiling-driven adaptation wins",
        adaptive ? String.format(Locale.ROOT, "adaptive matches the fastest in %d of %d pairs (by construction); %s"
            + " faster than always %s (geometric mean)", s.adaptiveMatches, s.adaptivePairs, pct(s.adaptiveGainPct),
            s.topStrategy) : "adaptive not in this selection",
        adaptive ? String.format(Locale.ROOT, "%s; beyond the error in %d of %d pairs", s.adaptiveGainPct >= PLAN_PCT
            ? "mean gain beyond the error" : "mean gain within the error", s.adaptiveBeyond, s.adaptivePairs)
            : "not run in this selection",
        have ? quote(lat, CODL_TOOLS) : none, CODL_TOOLS));
    // "can be slower": it holds where some pair is slower by more than the error
    rows.add(List.of("Co-execution on CPU+GPU can be slower than the best single processor",
        s.coexecPairs == 0 ? "channel-split not in this selection" : String.format(Locale.ROOT, "channel-split slower"
            + " than the best single processor in %d of %d pairs (%d by more than the %s error)", s.coexecSlower,
            s.coexecPairs, s.coexecSlowerBeyond, pct(PLAN_PCT)),
        s.coexecPairs == 0 ? "not run in this selection" : s.coexecSlowerBeyond > 0 ? "holds beyond the error"
            : s.coexecSlower > 0 ? "holds within the error only" : "not seen",
        have ? quote(lat, CODL_FIG4) : none, CODL_FIG4));
    StringBuilder csv = new StringBuilder("claim,socsim,verdict,published,source\n");
    for (List<String> r : rows) {
      csv.append(Csv.row(r));
    }
    AtomicFiles.writeString(out.resolve("seed_claims.csv"), csv.toString());
    report.h2("The seed study's claims beside socsim's numbers");
    report.p("Liu et al. 2024, \"Deep Learning Inference on Heterogeneous Mobile Processors: Potentials and Pitfalls\"."
        + " The paper's own figures are not in ../shared, so its claims are given in words; the published column"
        + " quotes figures from " + PUBLISHED + " exactly as written there (file and source named), computed counts"
        + " say how they were counted.");
    report.table(List.of("claim (seed study)", "socsim (this run)", "verdict", "published figure", "source"), rows);
  }

  /** Per device in the TFLite benchmark table: how many models each processor is fastest on. */
  private static String fastestProcessor(List<Pub> lat) {
    Map<String, Map<String, Map<String, Double>>> t = new TreeMap<>();
    for (Pub p : lat) {
      if (p.source().startsWith(TFLITE)) {
        t.computeIfAbsent(p.device(), k -> new TreeMap<>()).computeIfAbsent(p.model(), k -> new TreeMap<>())
            .put(p.processor(), Double.parseDouble(p.ms()));
      }
    }
    if (t.isEmpty()) {
      return "no rows of " + TFLITE;
    }
    List<String> parts = new ArrayList<>();
    for (Map.Entry<String, Map<String, Map<String, Double>>> d : t.entrySet()) {
      Map<String, Integer> wins = new TreeMap<>();
      for (Map<String, Double> m : d.getValue().values()) {
        wins.merge(m.entrySet().stream().min(Map.Entry.comparingByValue()).orElseThrow().getKey(), 1, Integer::sum);
      }
      parts.add(d.getKey() + ": " + StrategyFindings.counts(wins) + " of " + d.getValue().size() + " models");
    }
    return "fastest processor per model (counted from the rows): " + String.join("; ", parts);
  }

  /** AI Hub jobs whose primary compute unit is the NPU and that run layers on the CPU. */
  private static String hubFallback(List<Csv.Row> hub) {
    if (hub.size() < 2) {
      return "qai_hub_perf_all.csv not found";
    }
    List<String> h = hub.get(0).fields();
    int unit = h.indexOf("primary_compute_unit");
    int cpu = h.indexOf("layers_cpu");
    int total = h.indexOf("layers_total");
    int npu = 0;
    int fb = 0;
    double max = 0;
    String at = "";
    for (Csv.Row r : hub.subList(1, hub.size())) {
      if (!"NPU".equals(r.get(unit)) || r.get(total).isEmpty() || r.get(total).equals("0")) {
        continue;
      }
      npu++;
      if (!r.get(cpu).isEmpty() && !r.get(cpu).equals("0")) {
        fb++;
        double share = Double.parseDouble(r.get(cpu)) / Double.parseDouble(r.get(total));
        if (share > max) {
          max = share;
          at = r.get(cpu) + " of " + r.get(total) + " layers: " + r.get(h.indexOf("model_dir")) + " on "
              + r.get(h.indexOf("device")) + ", " + r.get(h.indexOf("runtime"));
        }
      }
    }
    return String.format(Locale.ROOT, "%d of %d jobs whose primary compute unit is the NPU run layers on the CPU"
        + " (counted from the rows; a blank layers_cpu counted as none), up to %s", fb, npu, at);
  }

  /**
   * ncnn's int8 networks on a Vulkan GPU: the benchmarked releases turn Vulkan off for them, so each such GPU row is
   * compared with the same device's CPU row at the same threads and powersave (counted from results.csv).
   */
  static String ncnnInt8Fallback(Path published) {
    Path dir = published == null ? null : published.getParent().resolve("ncnn-bench");
    if (dir == null || !NcnnBench.accepts(dir)) {
      return "(" + NCNN + " not found)";
    }
    NcnnBench b = NcnnBench.read(dir);
    Map<String, Double> cpu = new TreeMap<>();
    for (NcnnBench.Row r : b.rows()) {
      if (r.kind() != NcnnBench.UnitKind.GPU) {
        cpu.put(r.setting() + "|" + r.graph(), r.avgMs());
      }
    }
    List<Double> ratio = new ArrayList<>();
    int gpu8 = 0;
    for (NcnnBench.Row r : b.rows()) {
      if (r.kind() == NcnnBench.UnitKind.GPU && b.int8(r.graph())) {
        gpu8++;
        Double c = cpu.get(r.host() + "|" + r.graph());
        if (c != null) {
          ratio.add(r.avgMs() / c);
        }
      }
    }
    if (ratio.isEmpty()) {
      return "no GPU row of an int8 graph in " + NCNN;
    }
    double[] q = ratio.stream().mapToDouble(Double::doubleValue).sorted().toArray();
    return String.format(Locale.ROOT, "ncnn runs int8 networks on the CPU even on a Vulkan GPU: of %d GPU rows of"
        + " int8 graphs, %d have a CPU row of the same device, threads and powersave, and GPU / CPU latency is %.2f"
        + " (median; 10th-90th percentile %.2f-%.2f)", gpu8, q.length, org.socsim.result.Stats.median(q),
        org.socsim.scenario.ScenarioResult.percentile(q, 0.1), org.socsim.scenario.ScenarioResult.percentile(q, 0.9));
  }

  private static final String NCNN = "../shared/traces/ncnn-bench/results.csv";

  /** The rows of these sources, quoted: "model, processor: N ms (notes)". */
  private static String quote(List<Pub> lat, String... sources) {
    Map<String, Pub> seen = new LinkedHashMap<>();
    for (Pub p : lat) {
      for (String s : sources) {
        if (p.source().equals(s)) {
          seen.putIfAbsent(p.source() + p.processor() + p.model() + p.ms(), p);
        }
      }
    }
    if (seen.isEmpty()) {
      return "no rows of " + String.join(", ", sources);
    }
    boolean sameNotes = seen.values().stream().map(Pub::notes).distinct().count() == 1;
    String text = String.join("; ", seen.values().stream().map(p -> p.device() + ", " + p.model() + ", "
        + p.processor() + ": " + p.ms() + " ms" + (sameNotes || p.notes().isEmpty() ? "" : " (" + p.notes() + ")"))
        .toList());
    String notes = seen.values().iterator().next().notes();
    return sameNotes && !notes.isEmpty() ? text + " (all: " + notes + ")" : text;
  }

  private static String costs(UiFigures u) {
    if (u.byCost.isEmpty()) {
      return "UI cost not swept";
    }
    List<String> p = new ArrayList<>();
    for (Map.Entry<Double, double[]> e : u.byCost.entrySet()) {
      p.add(String.format(Locale.ROOT, "%.0f ms: %s", e.getKey(), pct(e.getValue()[0])));
    }
    return "GPU placement's worst drop by UI GPU cost per frame: " + String.join(", ", p);
  }
}
