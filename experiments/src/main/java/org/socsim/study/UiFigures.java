package org.socsim.study;

import static org.socsim.study.Study.fmt;
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
import org.knowm.xchart.XYChart;
import org.socsim.io.AtomicFiles;
import org.socsim.traces.Csv;

/**
 * Fig 5: UI frame drops and GPU utilisation vs inference rate beside 60 Hz UI rendering (small multiples per
 * device), and the sweep of the assumed GPU cost per UI frame that the frame-drop finding depends on.
 */
final class UiFigures {
  static final String ASSUMED = "60 Hz refresh, a fixed GPU cost per frame, UI rendered on the GPU only (a frame is"
      + " dropped when its GPU job ends after the next vsync)";

  private final Path out;
  private final Report report;
  /** Stats for the seed-claims table. */
  double gpuMax;
  double cpuMax;
  final Map<Double, double[]> byCost = new TreeMap<>();

  UiFigures(Path out, Report report) {
    this.out = out;
    this.report = report;
  }

  private static String placement(String strategy) {
    return strategy.equals("solo-gpu") ? "inference on the GPU" : "inference on the CPU";
  }

  private static final List<String> ORDER = List.of("inference on the GPU", "inference on the CPU");

  /** Rows by device (sorted), then by placement, sorted by rate. */
  private static Map<String, Map<String, List<StudyRow>>> byDevice(List<StudyRow> rows) {
    Map<String, Map<String, List<StudyRow>>> m = new TreeMap<>();
    for (StudyRow r : rows) {
      m.computeIfAbsent(r.soc(), k -> new TreeMap<>()).computeIfAbsent(r.strategy(), k -> new ArrayList<>()).add(r);
    }
    for (Map<String, List<StudyRow>> d : m.values()) {
      d.replaceAll((k, v) -> v.stream().sorted((a, b) -> Double.compare(a.rate(), b.rate())).toList());
    }
    return m;
  }

  static double dropPct(StudyRow r) {
    return 100.0 * r.framesDropped() / Math.max(1, r.framesTotal());
  }

  void ui(List<StudyRow> rows, List<StudyRow> costRows) throws IOException {
    StringBuilder csv = new StringBuilder("device,placement,rate_hz,frames_total,frames_dropped,drop_pct,gpu_util,"
        + "p90_ms\n");
    Map<String, Map<String, List<StudyRow>>> dev = byDevice(rows);
    List<CategoryChart> drops = new ArrayList<>();
    List<CategoryChart> util = new ArrayList<>();
    List<String> rates = StudyPoints.RATES.stream().map(UiFigures::fmt0).toList();
    String gpuMaxAt = "";
    double utilMax = 0;
    for (Map.Entry<String, Map<String, List<StudyRow>>> d : dev.entrySet()) {
      Map<String, List<Double>> ds = new LinkedHashMap<>();
      Map<String, List<Double>> us = new LinkedHashMap<>();
      for (Map.Entry<String, List<StudyRow>> e : d.getValue().entrySet()) {
        List<StudyRow> pts = e.getValue();
        List<Double> dv = new ArrayList<>(StudyPoints.RATES.stream().map(r -> Double.NaN).toList());
        List<Double> uv = new ArrayList<>(dv);
        for (StudyRow r : pts) {
          int k = StudyPoints.RATES.indexOf(r.rate());
          if (k >= 0) {
            dv.set(k, dropPct(r));
            uv.set(k, 100 * r.gpuUtil());
            utilMax = Math.max(utilMax, 100 * r.gpuUtil());
          }
          csv.append(Csv.row(r.soc(), r.strategy(), fmt(r.rate()), Integer.toString(r.framesTotal()),
              Integer.toString(r.framesDropped()), fmt(dropPct(r)), fmt(r.gpuUtil()), fmt(r.p90())));
          if (r.strategy().equals("solo-gpu")) {
            if (dropPct(r) > gpuMax) {
              gpuMax = dropPct(r);
              gpuMaxAt = r.soc() + " at " + fmt0(r.rate()) + " inference/s";
            }
          } else {
            cpuMax = Math.max(cpuMax, dropPct(r));
          }
        }
        ds.put(placement(e.getKey()), dv);
        us.put(placement(e.getKey()), uv);
      }
      drops.add(Charts.dots(d.getKey(), "inference requests per second", "frames dropped (%)", rates, ds, ORDER, true,
          460, 320));
      util.add(Charts.dots(d.getKey(), "inference requests per second", "GPU utilisation (%)", rates, us, ORDER, true,
          460, 320));
    }
    Charts.shareY(drops, Math.max(gpuMax, cpuMax));
    Charts.shareY(util, utilMax);
    AtomicFiles.writeString(out.resolve("fig5_ui_frames.csv"), csv.toString());
    report.h2("GPU inference and UI frames (Fig 5)");
    if (dev.isEmpty()) {
      return;
    }
    String setting = StudyPoints.UI_MODEL + ", UI at 60 Hz with 4 ms of GPU per frame, 4 threads, 4 requests per run";
    List<String> note = List.of("Assumed, not measured: " + ASSUMED + ". Every device with a GPU and "
        + StudyPoints.UI_MODEL + "; same y axis in every panel.");
    Figure.save(out.resolve("fig5_frame_drops"), "Fig 5a: UI frames dropped vs inference rate (" + setting + ")",
        note, ORDER, drops, 3);
    Figure.save(out.resolve("fig5_gpu_utilisation"), "Fig 5b: GPU utilisation (UI + inference) vs inference rate ("
        + setting + ")", note, ORDER, util, 3);
    report.figure("fig5_frame_drops", "Fig 5a: UI frames dropped vs inference rate, per device");
    report.figure("fig5_gpu_utilisation", "Fig 5b: GPU utilisation vs inference rate, per device");
    String sweep = costRows.isEmpty() ? " The sweep over the UI's GPU cost was not run." : costSweep(costRows);
    report.finding("GPU inference costs UI frames", String.format(Locale.ROOT, "beside 60 Hz rendering with 4 ms of"
        + " GPU per frame, GPU placement drops up to %s of frames (%s) while CPU placement drops at most %s (by"
        + " assumption the UI never waits for the CPU). The"
        + " finding rests on assumptions, not measurements: %s; no frame-drop measurements exist in ../shared, so it"
        + " is not validated (only the GPU op latencies it uses are: %s, %s).%s", pct(gpuMax), gpuMaxAt,
        pct(cpuMax), ASSUMED, pct(ValidatedError.SERIAL_PCT), ValidatedError.SERIAL_SOURCE, sweep));
  }

  /** Fig 5c and fig5_ui_cost.csv from the UI-cost sweep; returns the sentences of the finding about it. */
  private String costSweep(List<StudyRow> rows) throws IOException {
    StringBuilder csv = new StringBuilder("device,placement,ui_gpu_ms_per_frame,rate_hz,frames_total,frames_dropped,"
        + "drop_pct\n");
    Map<String, Map<String, double[][]>> panels = new TreeMap<>();
    Map<String, Map<String, Map<Double, Double>>> worst = new TreeMap<>(); // device -> placement -> cost -> max drop
    for (StudyRow r : rows) {
      double ms = uiMs(r.bg());
      String p = placement(r.strategy());
      worst.computeIfAbsent(r.soc(), k -> new TreeMap<>()).computeIfAbsent(p, k -> new TreeMap<>())
          .merge(ms, dropPct(r), Math::max);
      double[] s = byCost.computeIfAbsent(ms, k -> new double[4]); // gpu max, cpu max, devices with GPU drops, n
      if (r.strategy().equals("solo-gpu")) {
        s[0] = Math.max(s[0], dropPct(r));
      } else {
        s[1] = Math.max(s[1], dropPct(r));
      }
      csv.append(Csv.row(r.soc(), r.strategy(), fmt(ms), fmt(r.rate()), Integer.toString(r.framesTotal()),
          Integer.toString(r.framesDropped()), fmt(dropPct(r))));
    }
    AtomicFiles.writeString(out.resolve("fig5_ui_cost.csv"), csv.toString());
    List<XYChart> charts = new ArrayList<>();
    double max = 0;
    for (Map.Entry<String, Map<String, Map<Double, Double>>> d : worst.entrySet()) {
      Map<String, double[][]> series = new LinkedHashMap<>();
      for (String p : ORDER) {
        Map<Double, Double> m = d.getValue().getOrDefault(p, Map.of());
        series.put(p, new double[][] {m.keySet().stream().mapToDouble(Double::doubleValue).toArray(),
            m.values().stream().mapToDouble(Double::doubleValue).toArray()});
        max = Math.max(max, m.values().stream().mapToDouble(Double::doubleValue).max().orElse(0));
        for (Map.Entry<Double, Double> c : m.entrySet()) {
          if (p.equals(ORDER.get(0)) && c.getValue() > 0) {
            byCost.get(c.getKey())[2]++;
          }
        }
      }
      charts.add(Charts.lines(d.getKey(), "UI GPU time per frame (ms)", "most frames dropped over rates (%)", series,
          ORDER, false, 460, 340));
    }
    for (double[] s : byCost.values()) {
      s[3] = worst.size();
    }
    Charts.shareY(charts, max);
    Figure.save(out.resolve("fig5_ui_cost"), "Fig 5c: UI frames dropped vs the assumed GPU cost of a UI frame ("
        + StudyPoints.UI_MODEL + ", 60 Hz UI, 4 threads; the most dropped at any rate of " + fmt0(StudyPoints.RATES
        .get(0)) + "-" + fmt0(StudyPoints.RATES.get(StudyPoints.RATES.size() - 1)) + " requests/s)", List.of(
        "The 4 ms points are Fig 5a's assumption; 2-8 ms spans light to heavy UIs. Assumed: " + ASSUMED
            + ". Same y axis in every panel."), ORDER, charts, 3);
    report.figure("fig5_ui_cost", "Fig 5c: frames dropped vs the UI's GPU cost per frame, per device");
    List<String> per = new ArrayList<>();
    for (Map.Entry<Double, double[]> e : byCost.entrySet()) {
      double[] s = e.getValue();
      per.add(String.format(Locale.ROOT, "%s ms: GPU placement up to %s (%d of %d devices drop frames), CPU"
          + " placement up to %s", fmt0(e.getKey()), pct(s[0]), (int) s[2], (int) s[3], pct(s[1])));
    }
    boolean directionHolds = byCost.values().stream().allMatch(s -> s[0] >= s[1]);
    return String.format(Locale.ROOT, " Sweep of the UI's GPU cost per frame (%s ms): %s. %s", String.join("/",
        StudyPoints.UI_COSTS_MS.stream().map(UiFigures::fmt0).toList()), String.join("; ", per), directionHolds
            ? "GPU placement never drops fewer frames than CPU placement at any cost swept; how many it drops"
                + " depends on the assumed cost."
            : "At some cost swept CPU placement drops more frames than GPU placement: the direction depends on the"
                + " assumed cost.");
  }

  static double uiMs(String bg) {
    String c = bg.split(":")[2].split("@")[0];
    return Double.parseDouble(c.substring(0, c.length() - 2));
  }

  private static String fmt0(double v) {
    return v == Math.rint(v) ? Long.toString((long) v) : Double.toString(v);
  }
}
