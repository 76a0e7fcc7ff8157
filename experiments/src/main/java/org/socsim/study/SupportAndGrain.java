package org.socsim.study;

import static org.socsim.study.Study.fmt;
import static org.socsim.study.ValidatedError.PLAN_PCT;
import static org.socsim.study.ValidatedError.gapPct;
import static org.socsim.study.ValidatedError.pct;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.knowm.xchart.CategoryChart;
import org.socsim.io.AtomicFiles;
import org.socsim.traces.Csv;

/** Fig 3 (operator fallback) and Fig 4 (HEFT latency and copies vs scheduling granularity). */
final class SupportAndGrain {
  private final Path out;
  private final Report report;
  private final List<String> devices;
  /** Stats for the seed-claims table. */
  int withFallback;
  int placements;
  double maxFallbackPct;
  String maxFallbackAt = "";
  int opBest;
  int grainDevices;
  final Map<String, Double> medianCopies = new LinkedHashMap<>();

  SupportAndGrain(List<String> devices, Path out, Report report) {
    this.devices = devices;
    this.out = out;
    this.report = report;
  }

  /** Fig 3: operator fallback when a model is put on the GPU or NPU. */
  void support(List<StudyRow> rows) throws IOException {
    StringBuilder csv = new StringBuilder("device,model,unit,ops,fallbacks,fallback_pct\n");
    List<String> cats = new ArrayList<>();
    Map<String, List<Double>> series = new LinkedHashMap<>();
    series.put("GPU", new ArrayList<>());
    series.put("NPU", new ArrayList<>());
    for (Map.Entry<String, Map<String, StudyRow>> e : StudyRow.byDeviceModel(rows, "op").entrySet()) {
      StudyRow g = e.getValue().get("solo-gpu");
      StudyRow n = e.getValue().get("solo-npu");
      if (g == null && n == null) {
        continue;
      }
      cats.add(e.getKey());
      for (String unit : List.of("gpu", "npu")) {
        StudyRow r = unit.equals("gpu") ? g : n;
        double pct = r == null || r.ops() == 0 ? Double.NaN : 100.0 * r.fallbacks() / r.ops();
        series.get(unit.toUpperCase(Locale.ROOT)).add(pct);
        if (r != null) {
          csv.append(Csv.row(r.soc(), r.model(), unit, Integer.toString(r.ops()), Integer.toString(r.fallbacks()),
              fmt(pct)));
          placements++;
          withFallback += r.fallbacks() > 0 ? 1 : 0;
          if (pct > maxFallbackPct) {
            maxFallbackPct = pct;
            maxFallbackAt = e.getKey() + " on the " + unit;
          }
        }
      }
    }
    AtomicFiles.writeString(out.resolve("fig3_operator_fallback.csv"), csv.toString());
    report.h2("Operator support and fallback (Fig 3)");
    if (cats.isEmpty()) {
      return;
    }
    CategoryChart c = Charts.dots("ops falling back to the CPU per device/model and accelerator", "device/model",
        "ops falling back (%)", cats, series, List.of("GPU", "NPU"), false, Math.max(700, 28 * cats.size() + 160), 560);
    Figure.save(out.resolve("fig3_operator_fallback"), "Fig 3: operators falling back to the CPU when the whole model"
        + " is put on the GPU / NPU (solo-gpu, solo-npu; op granularity)", List.of(
        "Each device/model shows its accelerators only: the GPU on every device but 'npu', the NPU on 'npu' only"
            + " (n/a elsewhere, not drawn); 0 % is a marker at 0.",
        "Counts from the operator support recorded in the traces (HOPE: ops a GPU run logged on the CPU; NPU: missing"
            + " cells), not latency predictions."), List.of(), List.of(c), 1);
    report.figure("fig3_operator_fallback", "Fig 3: ops falling back to the CPU (GPU and NPU placements)");
    report.finding("Operators fall back", String.format(Locale.ROOT, "operators fall back from accelerators to the"
        + " CPU in %d of %d (device, model, accelerator) placements, up to %.1f%% of the ops (%s). These are counts"
        + " of the operator support recorded in the traces, not latency predictions: no prediction error applies.",
        withFallback, placements, maxFallbackPct, maxFallbackAt));
  }

  /** Fig 4: latency and copies vs scheduling granularity under HEFT. */
  void granularity(List<StudyRow> rows) throws IOException {
    StringBuilder csv = new StringBuilder("device,model,granularity,latency_ms,relative_to_op,transfers\n");
    Map<String, List<Double>> rel = new LinkedHashMap<>();
    Map<String, List<Double>> copies = new LinkedHashMap<>();
    List<String> margins = new ArrayList<>();
    int opBeyond = 0;
    Map<String, List<Integer>> copiesByGrain = new LinkedHashMap<>();
    for (String d : devices) {
      String key = d + "/" + StudyPoints.UI_MODEL;
      Map<String, StudyRow> byGrain = new TreeMap<>();
      for (StudyRow r : rows) {
        if (r.pair().equals(key) && r.strategy().equals("heft")) {
          byGrain.put(r.grain(), r);
        }
      }
      StudyRow op = byGrain.get("op");
      if (op == null) {
        continue;
      }
      List<Double> v = new ArrayList<>();
      List<Double> c = new ArrayList<>();
      List<StudyRow> ranked = new ArrayList<>();
      for (String g : StudyPoints.GRAINS) {
        StudyRow r = byGrain.get(g);
        v.add(r == null ? Double.NaN : r.latency() / op.latency());
        c.add(r == null ? Double.NaN : (double) r.transfers());
        if (r != null) {
          csv.append(Csv.row(d, StudyPoints.UI_MODEL, g, fmt(r.latency()), fmt(r.latency() / op.latency()),
              Integer.toString(r.transfers())));
          copiesByGrain.computeIfAbsent(g, k -> new ArrayList<>()).add(r.transfers());
          ranked.add(r);
        }
      }
      rel.put(d, v);
      copies.put(d, c);
      grainDevices++;
      // stable sort: equal latencies keep the order of StudyPoints.GRAINS
      ranked.sort(java.util.Comparator.comparingDouble(StudyRow::latency));
      StudyRow best = ranked.get(0);
      if (ranked.size() < 2) {
        opBest++;
        continue;
      }
      StudyRow runner = ranked.get(1);
      double m = gapPct(runner.latency(), best.latency());
      boolean opTied = gapPct(op.latency(), best.latency()) < ValidatedError.TIE_PCT;
      opBest += opTied ? 1 : 0;
      if (m < ValidatedError.TIE_PCT) {
        boolean opShown = best == op || runner == op;
        margins.add(d + " " + best.grain() + " and " + runner.grain() + " tied (" + pct(m) + ")" + (opShown ? ""
            : opTied ? ", op within " + pct(ValidatedError.TIE_PCT) : ", op " + pct(gapPct(op.latency(),
            best.latency())) + " slower"));
      } else {
        opBeyond += best == op && m >= PLAN_PCT ? 1 : 0;
        margins.add(d + " " + best.grain() + " by " + pct(m) + " over " + runner.grain());
      }
    }
    AtomicFiles.writeString(out.resolve("fig4_granularity.csv"), csv.toString());
    report.h2("Scheduling granularity (Fig 4)");
    if (grainDevices == 0) {
      return;
    }
    List<String> order = new ArrayList<>(rel.keySet());
    String setting = "HEFT, " + StudyPoints.UI_MODEL + ", 4 threads, performance governor, " + grainDevices
        + " devices with " + StudyPoints.UI_MODEL;
    List<String> note = List.of("One model on every device (" + StudyPoints.UI_MODEL + "); subgraph:K merges chains"
        + " into at most K-op groups, tile:2 splits each op into 2 channel tiles.");
    Figure.save(out.resolve("fig4_granularity_latency"), "Fig 4a: latency relative to op level vs scheduling"
        + " granularity (" + setting + ")", note, List.of(), List.of(Charts.dots("", "granularity",
        "latency relative to op level", StudyPoints.GRAINS, rel, order, true, 900, 520)), 1);
    Figure.save(out.resolve("fig4_granularity_copies"), "Fig 4b: CPU<->GPU copies per inference vs scheduling"
        + " granularity (" + setting + ")", note, List.of(), List.of(Charts.dots("", "granularity",
        "copies per inference", StudyPoints.GRAINS, copies, order, true, 900, 520)), 1);
    report.figure("fig4_granularity_latency", "Fig 4a: HEFT latency vs granularity (" + StudyPoints.UI_MODEL + ")");
    report.figure("fig4_granularity_copies", "Fig 4b: HEFT copies vs granularity (" + StudyPoints.UI_MODEL + ")");
    List<String> copyText = new ArrayList<>();
    for (String g : StudyPoints.GRAINS) {
      List<Integer> c = copiesByGrain.getOrDefault(g, List.of());
      if (!c.isEmpty()) {
        double med = org.socsim.result.Stats.median(c.stream().map(Integer::doubleValue).toList());
        medianCopies.put(g, med);
        copyText.add(g + " " + (med == Math.rint(med) ? String.valueOf((long) med) : String.format(Locale.ROOT,
            "%.1f", med)));
      }
    }
    report.finding("Granularity trades balance against sync/copy cost", String.format(Locale.ROOT, "op-level HEFT"
        + " is the fastest grain, or tied with it within %s, on %d of %d devices for %s, by more than the %s error"
        + " over the runner-up on %d of them; margins (fastest over the runner-up): %s. Median copies per inference"
        + " by grain: %s. Error: %s, %s.", pct(ValidatedError.TIE_PCT), opBest, grainDevices, StudyPoints.UI_MODEL,
        pct(PLAN_PCT), opBeyond, String.join("; ", margins), String.join(", ", copyText), pct(PLAN_PCT),
        ValidatedError.PLAN_SOURCE));
  }
}
