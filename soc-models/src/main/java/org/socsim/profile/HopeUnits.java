package org.socsim.profile;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.socsim.result.Stats;
import org.socsim.traces.TraceFormatException;
import org.socsim.traces.hope.HopeCatalog;
import org.socsim.traces.hope.Layerwise;
import org.socsim.traces.hope.MeasuredTimeline;

/**
 * HOPE's unit conventions: which files hold milliseconds, the NPU files' "cannot run" sentinels, the filtered mean
 * HOPE derives per-op tables with, and the plausibility check that a layerwise file is in the unit it claims.
 */
final class HopeUnits {
  private HopeUnits() {
  }

  /** Notes the CPU clusters of {@code model} whose serial runs did not stay on one cluster (kept, but suspect). */
  static void noteInconsistentClusters(HopeCatalog catalog, String model, String device, List<String> notes) {
    for (String cluster : List.of("cpu-big", "cpu-little")) {
      catalog.inconsistentScaling(model, device, cluster).ifPresent(why -> notes.add(model + ": " + cluster
          + " data kept but suspect: " + why + "; validate neither scores nor learns from them"));
    }
  }

  /** Values HOPE writes for "this op cannot run on that processor" in the NPU files (FORMAT.md 2.2). */
  static boolean notRunnable(double v) {
    return v == 100000.0 || v == 1000000.0;
  }

  /** Smallest plausible median per-op latency (us) of a layerwise file: below it the file is not in microseconds. */
  static final double MIN_MEDIAN_US = 5.0;

  /** Largest plausible per-op latency (us): ten seconds. */
  static final double MAX_OP_US = 1e7;

  /**
   * A layerwise file must be in the unit its format says: the median positive 1-thread latency of the real
   * microsecond files is 84-2,000 us and the framework gap between two ops alone is about 10 us, so a median under
   * {@value #MIN_MEDIAN_US} us means milliseconds (or worse); a single op over ten seconds is a corrupt value.
   */
  static void checkUnits(Path path, Layerwise lw, double scale) {
    List<Double> first = new ArrayList<>();
    for (double[] v : lw.ops().values()) {
      for (double x : v) {
        if (x * scale > MAX_OP_US) {
          throw new TraceFormatException(path, 0, "a per-op latency of " + x + " (" + x * scale + " us) exceeds ten"
              + " seconds; expected microseconds per op");
        }
      }
      if (v[0] > 0 && !notRunnable(v[0])) {
        first.add(v[0] * scale);
      }
    }
    if (!first.isEmpty() && Stats.median(first) < MIN_MEDIAN_US) {
      throw new TraceFormatException(path, 0, "median per-op latency " + Stats.median(first) + " us is implausibly"
          + " small: expected microseconds (is the file in milliseconds?)");
    }
  }

  /** HOPE's model1-model4 files store milliseconds, every other file microseconds. */
  static boolean millisecondModel(String model) {
    return model.matches("model\\d+");
  }

  /** HOPE's filtered mean: the plain mean of the samples at most 1.2 x the mean. */
  static double filteredMean(List<Double> v) {
    double mean = v.stream().mapToDouble(Double::doubleValue).average().orElse(0);
    return v.stream().mapToDouble(Double::doubleValue).filter(x -> x <= 1.2 * mean).average().orElse(mean);
  }

  /** A deep copy of a per-op table (op to unit to columns). */
  static Map<String, Map<String, double[]>> copy(Map<String, Map<String, double[]>> ops) {
    Map<String, Map<String, double[]>> out = new java.util.LinkedHashMap<>();
    ops.forEach((op, byUnit) -> {
      Map<String, double[]> c = new java.util.LinkedHashMap<>();
      byUnit.forEach((unit, v) -> c.put(unit, v.clone()));
      out.put(op, c);
    });
    return out;
  }

  /** Layerwise and timeline totals of the same ops may differ by run noise, never by this factor (a unit slip). */
  static final double UNIT_SLIP = 30.0;

  /**
   * The layerwise file and a serial timeline of the same unit and thread count measure the same ops (HOPE derives
   * one from the other): their per-run totals over the ops both hold agree to a few percent in the shared files.
   * A factor of {@value #UNIT_SLIP} or more means one of them is in another unit (ms, ns). {@code col} is the
   * table column of the timeline's thread count (0 for the GPU), or -1 when the table has none.
   */
  static void sameUnits(Path lw, Map<String, Map<String, double[]>> table, HopeCatalog.TimelineFile tf,
      MeasuredTimeline t, int col) {
    if (col < 0) {
      return;
    }
    List<Double> ratios = new ArrayList<>();
    for (List<MeasuredTimeline.Row> run : t.runs()) {
      double measured = 0;
      double listed = 0;
      java.util.Set<String> seen = new java.util.HashSet<>();
      for (MeasuredTimeline.Row r : run) {
        if (r.proc() != MeasuredTimeline.Proc.CPU && r.proc() != MeasuredTimeline.Proc.GPU || !seen.add(r.op())) {
          continue;
        }
        double[] v = table.getOrDefault(r.op(), Map.of()).get(r.proc() == MeasuredTimeline.Proc.GPU ? "gpu"
            : tf.processor().equals("gpu") ? "cpu-big" : tf.processor());
        int c = r.proc() == MeasuredTimeline.Proc.GPU ? 0 : tf.processor().equals("gpu") ? -1 : col;
        if (v != null && c >= 0 && c < v.length && v[c] > 0 && !notRunnable(v[c])) {
          measured += r.durUs();
          listed += v[c];
        }
      }
      if (measured > 0 && listed > 0) {
        ratios.add(measured / listed);
      }
    }
    if (ratios.isEmpty()) {
      return;
    }
    double ratio = org.socsim.result.Stats.median(ratios);
    if (ratio > UNIT_SLIP || ratio < 1 / UNIT_SLIP) {
      throw new TraceFormatException(lw, 0, String.format(java.util.Locale.ROOT, "its %s %d-thread latencies"
          + " total %.3g times what timeline %s measured for the same ops; expected both in microseconds (one of"
          + " them is in another unit)", tf.processor(), Math.max(1, tf.threads()), 1 / ratio,
          tf.path().getFileName()));
    }
  }

  /**
   * Per-op CPU latency of a timeline's runs, in us: the filtered mean of each op's CPU rows (samples above 1.2x the
   * plain mean dropped), as the layerwise files are made.
   */
  static Map<String, Double> cpuLatencies(List<List<MeasuredTimeline.Row>> runs) {
    Map<String, List<Double>> samples = new java.util.LinkedHashMap<>();
    for (List<MeasuredTimeline.Row> run : runs) {
      for (MeasuredTimeline.Row r : run) {
        if (r.proc() == MeasuredTimeline.Proc.CPU) {
          samples.computeIfAbsent(r.op(), k -> new ArrayList<>()).add(r.durUs());
        }
      }
    }
    Map<String, Double> out = new java.util.LinkedHashMap<>();
    samples.forEach((op, v) -> out.put(op, TableColumns.round(filteredMean(v))));
    return out;
  }
}
