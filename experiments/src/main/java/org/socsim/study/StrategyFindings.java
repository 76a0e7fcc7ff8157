package org.socsim.study;

import static org.socsim.study.Study.fmt;
import static org.socsim.study.ValidatedError.PLAN_PCT;
import static org.socsim.study.ValidatedError.gapPct;
import static org.socsim.study.ValidatedError.pct;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.knowm.xchart.CategoryChart;
import org.socsim.io.AtomicFiles;
import org.socsim.traces.Csv;

/**
 * Fig 2 (speed-up per device and strategy, small multiples), the fastest strategy per (device, model) with its
 * margin over the runner-up (ties reported as ties), and the findings resting on them: no single winner,
 * profiling-driven adaptation, and the co-execution pitfall.
 */
final class StrategyFindings {
  static final List<String> FAMILIES = List.of("single processor", "list scheduling", "graph structure",
      "co-execution", "other");

  private final List<String> strategies;
  private final List<String> devices;
  private final Path out;
  private final Report report;
  private final Map<String, Map<String, StudyRow>> dm;
  /** Per pair: the strategies sorted by latency (ties in list order), adaptive left out. */
  private final Map<String, List<StudyRow>> ranked = new TreeMap<>();
  /** Stats for the seed-claims table. */
  String topStrategy = "-";
  int topLosesBeyondError;
  int pairs;
  int distinctClearWinners;
  int adaptiveMatches;
  int adaptivePairs;
  double adaptiveGainPct = Double.NaN;
  int adaptiveBeyond;
  int coexecSlower;
  int coexecPairs;
  int coexecSlowerBeyond;
  /** Whether some (device, model) pair ran two or more strategies (else nothing is compared). */
  boolean compared = true;

  StrategyFindings(List<StudyRow> base, List<String> strategies, List<String> devices, Path out, Report report) {
    this.strategies = strategies.stream().filter(s -> !s.equals("adaptive")).toList();
    this.devices = devices;
    this.out = out;
    this.report = report;
    this.dm = StudyRow.byDeviceModel(base, "op");
    for (Map.Entry<String, Map<String, StudyRow>> e : dm.entrySet()) {
      List<StudyRow> r = new ArrayList<>();
      for (String s : this.strategies) {
        if (e.getValue().get(s) != null) {
          r.add(e.getValue().get(s));
        }
      }
      r.sort(Comparator.comparingDouble(StudyRow::latency)); // stable: list order among equal latencies
      if (!r.isEmpty()) {
        ranked.put(e.getKey(), r);
      }
    }
  }

  static String family(String strategy) {
    if (strategy.startsWith("solo-")) {
      return FAMILIES.get(0);
    }
    return switch (strategy) {
      case "greedy-eft", "heft", "cpop", "hope-greedy" -> FAMILIES.get(1);
      case "mosaic", "branch-parallel", "pipeline" -> FAMILIES.get(2);
      case "channel-split", "codl" -> FAMILIES.get(3);
      default -> FAMILIES.get(4);
    };
  }

  void run() throws IOException {
    report.h2("Strategies across devices (Fig 2)");
    fig2();
    best();
    adaptive();
    int[] c = CoexecFinding.write(dm, strategies, out, report);
    coexecSlower = c[0];
    coexecPairs = c[1];
    coexecSlowerBeyond = c[2];
  }

  private void fig2() throws IOException {
    Map<String, List<Double>> series = new LinkedHashMap<>();
    StringBuilder csv = new StringBuilder("device,strategy,geomean_speedup_over_solo_cpu,models\n");
    Map<String, Integer> models = new LinkedHashMap<>();
    for (String s : strategies) {
      List<Double> v = new ArrayList<>();
      for (String d : devices) {
        double logSum = 0;
        int n = 0;
        for (Map.Entry<String, Map<String, StudyRow>> e : dm.entrySet()) {
          StudyRow cpu = e.getValue().get("solo-cpu");
          StudyRow x = e.getValue().get(s);
          if (e.getKey().startsWith(d + "/") && cpu != null && x != null) {
            logSum += Math.log(cpu.latency() / x.latency());
            n++;
          }
        }
        double g = n == 0 ? Double.NaN : Math.exp(logSum / n);
        v.add(g);
        models.merge(d, n, Math::max);
        csv.append(Csv.row(d, s, n == 0 ? "" : fmt(g), Integer.toString(n)));
      }
      series.put(s, v);
    }
    AtomicFiles.writeString(out.resolve("fig2_speedup_by_device_strategy.csv"), csv.toString());
    List<CategoryChart> panels = new ArrayList<>();
    for (int i = 0; i < devices.size(); i++) {
      String d = devices.get(i);
      if (models.getOrDefault(d, 0) == 0) {
        continue;
      }
      Map<String, List<Double>> byFamily = new LinkedHashMap<>();
      for (String f : FAMILIES) {
        List<Double> v = new ArrayList<>();
        boolean any = false;
        for (String s : strategies) {
          boolean mine = family(s).equals(f);
          any |= mine;
          v.add(mine ? series.get(s).get(i) : Double.NaN);
        }
        if (any) {
          byFamily.put(f, v);
        }
      }
      CategoryChart c = Charts.dots(d + " (" + models.get(d) + " model" + (models.get(d) == 1 ? "" : "s") + ")", "",
          "speed-up over solo-cpu (x)", strategies, byFamily, FAMILIES, false, 470, 380);
      Charts.reference(c, 1.0);
      panels.add(c);
    }
    if (!panels.isEmpty()) {
      Charts.shareY(panels, series.values().stream().flatMap(List::stream).filter(v -> !Double.isNaN(v))
          .mapToDouble(Double::doubleValue).max().orElse(1));
      List<String> used = new ArrayList<>();
      for (String f : FAMILIES) {
        used.add(strategies.stream().anyMatch(s -> family(s).equals(f)) ? f : null);
      }
      Figure.save(out.resolve("fig2_speedup_by_device_strategy"), "Fig 2: speed-up over solo-cpu per device and"
          + " strategy (op granularity, 4 threads, performance governor, one inference)", List.of(
          "Each panel averages (geometric mean) over that device's own models with a DAG: the model sets differ by"
              + " device (count in the panel title).",
          "n/a = the device lacks the strategy's unit (e.g. no LITTLE cluster, no NPU, no GPU); the line at 1 ="
              + " as fast as solo-cpu. Marker colour and shape = strategy family."), used, panels, 3);
      report.figure("fig2_speedup_by_device_strategy", "Fig 2: speed-up over solo-cpu per device (small multiples;"
          + " model sets differ by device)");
    }
  }

  /** best_strategy.csv as before (fastest in list order) + best_strategy_margins.csv and the table with ties. */
  private void best() throws IOException {
    StringBuilder best = new StringBuilder("device,model,best_strategy,best_ms,solo_cpu_ms,solo_gpu_ms,adaptive_ms,"
        + "speedup_over_solo_cpu\n");
    StringBuilder margins = new StringBuilder("device,model,fastest,fastest_ms,runner_up,runner_up_ms,margin_pct,"
        + "verdict,tied\n");
    List<List<String>> table = new ArrayList<>();
    Map<String, Integer> clear = new TreeMap<>();
    Map<String, Integer> fastestOrTied = new TreeMap<>();
    int ties = 0;
    int alone = 0;
    int within = 0;
    for (Map.Entry<String, List<StudyRow>> e : ranked.entrySet()) {
      List<StudyRow> r = e.getValue();
      StudyRow bestR = r.get(0);
      Map<String, StudyRow> all = dm.get(e.getKey());
      double cpu = StudyRow.lat(all.get("solo-cpu"));
      double gpu = StudyRow.lat(all.get("solo-gpu"));
      double ad = StudyRow.lat(all.get("adaptive"));
      String[] dmk = e.getKey().split("/");
      best.append(Csv.row(dmk[0], dmk[1], bestR.strategy(), fmt(bestR.latency()), fmt(cpu), fmt(gpu), fmt(ad),
          fmt(cpu / bestR.latency())));
      StudyRow second = r.size() > 1 ? r.get(1) : null;
      double margin = second == null ? Double.NaN : gapPct(second.latency(), bestR.latency());
      String verdict = second == null ? "only one strategy" : ValidatedError.verdict(margin, PLAN_PCT);
      List<String> tied = r.stream().filter(x -> gapPct(x.latency(), bestR.latency()) < ValidatedError.TIE_PCT)
          .map(StudyRow::strategy).toList();
      tied.forEach(s -> fastestOrTied.merge(s, 1, Integer::sum));
      switch (verdict) {
        case "tie" -> ties++;
        case "within error" -> within++;
        case "only one strategy" -> alone++;
        default -> clear.merge(bestR.strategy(), 1, Integer::sum);
      }
      String shown = verdict.equals("tie") ? "tie: " + String.join(" = ", tied) : bestR.strategy();
      margins.append(Csv.row(dmk[0], dmk[1], bestR.strategy(), fmt(bestR.latency()),
          second == null ? "" : second.strategy(), second == null ? "" : fmt(second.latency()), fmt(margin), verdict,
          String.join(" = ", tied)));
      table.add(List.of(e.getKey(), shown, fmt(bestR.latency()), second == null ? "" : second.strategy(),
          Double.isNaN(margin) ? "" : pct(margin), verdict, fmt(cpu), fmt(gpu), fmt(ad)));
    }
    AtomicFiles.writeString(out.resolve("best_strategy.csv"), best.toString());
    AtomicFiles.writeString(out.resolve("best_strategy_margins.csv"), margins.toString());
    pairs = ranked.size();
    topStrategy = fastestOrTied.entrySet().stream().max(Map.Entry.comparingByValue()).map(Map.Entry::getKey)
        .orElse("-");
    int topIn = 0;
    double worst = 0;
    String worstAt = "";
    for (Map.Entry<String, List<StudyRow>> e : ranked.entrySet()) {
      StudyRow t = dm.get(e.getKey()).get(topStrategy);
      if (t == null) {
        continue;
      }
      topIn++;
      double g = gapPct(t.latency(), e.getValue().get(0).latency());
      if (g >= PLAN_PCT) {
        topLosesBeyondError++;
      }
      if (g > worst) {
        worst = g;
        worstAt = e.getKey();
      }
    }
    distinctClearWinners = clear.size();
    compared = alone < pairs;
    if (pairs > 0 && alone == pairs) {
      report.finding("No single strategy wins everywhere", "one strategy ran per (device, model) pair in this"
          + " selection, so there is nothing to compare (reproduce --strategies with two or more).");
      return;
    }
    if (pairs == 0) {
      report.finding("No single strategy wins everywhere", "no (device, model) pair ran: every point of the sweep is"
          + " n/a (its status column says why), so there is nothing to compare.");
      return;
    }
    String f = String.format(Locale.ROOT, "%s, fastest or tied in the most pairs (%d of %d), is slower than the"
        + " fastest by more than the %s error in %d of the %d pairs it runs in (%s); %s. Fastest per"
        + " (device, model) pair: %d ties within %s (reported as ties, not winners), %d leads within the error"
        + " (%s to %s), %d beyond it (%s). Error: %s, %s.", topStrategy, fastestOrTied.getOrDefault(topStrategy, 0),
        pairs, pct(PLAN_PCT), topLosesBeyondError, topIn, worstAt.isEmpty() ? "never slower"
            : "up to " + pct(worst) + ", " + worstAt,
        topLosesBeyondError > 0 && distinctClearWinners > 1 ? "the finding holds beyond the error"
            : "the finding does not hold beyond the error", ties, pct(ValidatedError.TIE_PCT), within,
        pct(ValidatedError.TIE_PCT), pct(PLAN_PCT), clear.values().stream().mapToInt(Integer::intValue).sum(),
        counts(clear), pct(PLAN_PCT), ValidatedError.PLAN_SOURCE);
    report.finding("No single strategy wins everywhere", f);
    report.table(List.of("device/model", "fastest (or tie within 1%)", "ms", "runner-up", "margin", "verdict",
        "solo-cpu ms", "solo-gpu ms", "adaptive ms"), table);
  }

  /** "heft 8, hope-greedy 4": a count map as text, most frequent first. */
  static String counts(Map<String, Integer> m) {
    if (m.isEmpty()) {
      return "none";
    }
    List<Map.Entry<String, Integer>> e = new ArrayList<>(m.entrySet());
    e.sort(Map.Entry.<String, Integer>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()));
    return String.join(", ", e.stream().map(x -> x.getKey() + " " + x.getValue()).toList());
  }

  private void adaptive() {
    int beyond = 0;
    int n = 0;
    double logSum = 0;
    double worst = 0;
    String worstAt = "";
    int closeCalls = 0;
    for (Map.Entry<String, List<StudyRow>> e : ranked.entrySet()) {
      StudyRow ad = dm.get(e.getKey()).get("adaptive");
      if (ad == null) {
        continue;
      }
      adaptivePairs++;
      List<StudyRow> r = e.getValue();
      if (ad.latency() <= r.get(0).latency() * 1.0000001) {
        adaptiveMatches++;
      }
      if (r.size() > 1 && gapPct(r.get(1).latency(), r.get(0).latency()) < PLAN_PCT) {
        closeCalls++;
      }
      StudyRow top = dm.get(e.getKey()).get(topStrategy);
      if (top != null) {
        n++;
        double g = gapPct(top.latency(), ad.latency());
        logSum += Math.log(top.latency() / ad.latency());
        beyond += g >= PLAN_PCT ? 1 : 0;
        if (g > worst) {
          worst = g;
          worstAt = e.getKey();
        }
      }
    }
    if (adaptivePairs == 0) {
      return;
    }
    adaptiveGainPct = n == 0 ? Double.NaN : 100 * (Math.exp(logSum / n) - 1);
    adaptiveBeyond = beyond;
    String f = String.format(Locale.ROOT, "adaptive (simulates each candidate, keeps the fastest) matches the fastest"
        + " strategy in %d of %d pairs, by construction: its profiles are the simulator itself (assumption: exact"
        + " profiling). Against always running %s, it is %s faster on geometric mean over %d pairs, by more than the"
        + " %s error in %d (%s). On a device its choice would rest on predictions with that error: in the"
        + " %d pairs whose runner-up is within the error it could pick a plan up to %s slower.", adaptiveMatches,
        adaptivePairs, topStrategy, pct(adaptiveGainPct), n, pct(PLAN_PCT), beyond, worstAt.isEmpty() ? "never faster"
        : "up to " + pct(worst) + ", " + worstAt, closeCalls,
        pct(PLAN_PCT));
    report.finding("Cross-level, profiling-driven adaptation", f);
  }
}
