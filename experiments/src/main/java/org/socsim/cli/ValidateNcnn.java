package org.socsim.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code socsim validate} on the ncnn benchmark layout (results.csv, models/): every device setting's whole-model
 * latencies predicted under a leave-out rule, with the table's measurement floor ({@link
 * org.socsim.traces.ncnn.NcnnFloor}) beside the errors.
 */
final class ValidateNcnn {
  private ValidateNcnn() {
  }

  /**
   * Prints the table (or, with {@code json}, the JSON document) and returns the summary the gate checks;
   * {@code kindOrProfile}: --kind or --profile was given (they do not apply here).
   */
  static Map<String, Object> run(Path measured, String holdoutName, List<String> shots, boolean kindOrProfile,
      boolean json, java.io.PrintWriter out) {
    org.socsim.replay.NcnnReplay.Holdout h;
    try {
      h = org.socsim.replay.NcnnReplay.Holdout.valueOf(holdoutName.toUpperCase(java.util.Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("--holdout must be none, model or device for ncnn-bench, got '"
          + holdoutName + "'");
    }
    if (!shots.isEmpty() && h != org.socsim.replay.NcnnReplay.Holdout.DEVICE) {
      throw new IllegalArgumentException("--shots needs --holdout device");
    }
    if (kindOrProfile) {
      throw new IllegalArgumentException("--kind and --profile do not apply to ncnn-bench (it calibrates from DIR)");
    }
    // every row for the replay (it leaves settings that do not follow the work out per fold); the rest reads the
    // table without them
    var all = org.socsim.traces.ncnn.NcnnBench.readAll(measured);
    var bench = all.withoutInvertedSettings();
    for (String s : shots) {
      if (!bench.graphNames().contains(s)) {
        throw new IllegalArgumentException("--shots: unknown model '" + s + "'; ncnn-bench has " + bench.graphNames());
      }
    }
    List<org.socsim.replay.NcnnReplay.Row> rows = new org.socsim.replay.NcnnReplay(all).run(h, shots);
    if (rows.isEmpty()) {
      throw new IllegalArgumentException(measured + ": nothing to score under --holdout " + holdoutName
          + (shots.isEmpty() ? "" : " --shots " + String.join(",", shots)) + " (too few devices or models)");
    }
    Map<String, Object> summary = ValidateCommand.summaryOf(rows.stream().mapToDouble(r -> r.errorPct()).toArray());
    Map<String, Map<String, Object>> byUnit = new LinkedHashMap<>();
    for (var k : org.socsim.traces.ncnn.NcnnBench.UnitKind.values()) {
      double[] e = rows.stream().filter(r -> unitKind(r.unit()).equals(k.label))
          .mapToDouble(r -> r.errorPct()).toArray();
      if (e.length > 0) {
        byUnit.put(k.label, ValidateCommand.summaryOf(e));
      }
    }
    var floor = org.socsim.traces.ncnn.NcnnFloor.of(bench);
    String what = switch (h) {
      case NONE -> "in-sample fit (every row seen by the fit: not a prediction)";
      case MODEL -> "leave-one-model-out: each model predicted by a fit that saw none of its rows";
      case DEVICE -> shots.isEmpty() ? "leave-one-device-out, zero-shot: no row of the device seen"
          : "leave-one-device-out with shots " + shots + ": the device's other models predicted";
    };
    if (json) {
      Map<String, Object> o = new LinkedHashMap<>();
      o.put("holdout", h.name().toLowerCase(java.util.Locale.ROOT));
      o.put("shots", shots);
      o.put("what", what);
      o.put("summary", summary);
      o.put("by_unit", byUnit);
      o.put("noise_floor", floor.json());
      List<Map<String, Object>> rs = new ArrayList<>();
      for (var r : rows) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("device", r.device());
        m.put("model", r.model());
        m.put("unit", r.unit());
        m.put("unit_kind", unitKind(r.unit()));
        m.put("threads", r.threads());
        m.put("measured_ms", Json.r3(r.measuredMs()));
        m.put("predicted_ms", Json.r3(r.predictedMs()));
        m.put("error_pct", Json.r3(r.errorPct()));
        m.put("ran_on", r.ranOn());
        rs.add(m);
      }
      o.put("rows", rs);
      o.put("notes", bench.notes());
      out.println(Json.write(o));
    } else {
      out.printf("%-60s %-20s %-10s %3s %11s %12s %8s%n", "device", "model", "unit", "thr", "measured_ms",
          "predicted_ms", "error_%");
      for (var r : rows) {
        String d = r.device().length() > 60 ? r.device().substring(0, 57) + "..." : r.device();
        out.printf("%-60s %-20s %-10s %3d %11.2f %12.2f %+8.1f%n", d, r.model(), r.unit(), r.threads(),
            r.measuredMs(), r.predictedMs(), r.errorPct());
      }
      out.println();
      out.println(what);
      ValidateCommand.printSummary(out, "all", summary);
      byUnit.forEach((k, s) -> ValidateCommand.printSummary(out, "unit " + k, s));
      out.println(floor.line());
      bench.notes().forEach(n -> out.println("note: " + n));
    }
    return summary;
  }

  /** The summary bucket (big, LITTLE, any, GPU) of a row's unit id (cpu-big, cpu-little, cpu, gpu, gpu1, ...). */
  static String unitKind(String unit) {
    String id = unit.replaceFirst("\\d+$", "");
    for (var k : org.socsim.traces.ncnn.NcnnBench.UnitKind.values()) {
      if (k.unitId.equals(id)) {
        return k.label;
      }
    }
    return unit;
  }
}
