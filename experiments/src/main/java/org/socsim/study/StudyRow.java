package org.socsim.study;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import tech.tablesaw.api.ColumnType;
import tech.tablesaw.api.Row;
import tech.tablesaw.api.Table;
import tech.tablesaw.io.csv.CsvReadOptions;

/** One row of a study sweep's results.csv (read back with Tablesaw); NaN / 0 where the point was not ok. */
record StudyRow(String soc, String model, String strategy, String grain, String bg, double rate, boolean ok,
    double latency, double p90, int framesTotal, int framesDropped, int fallbacks, int ops, int transfers,
    double gpuUtil) {

  static List<StudyRow> read(Path sweepCsv) {
    Table t = Table.read().usingOptions(CsvReadOptions.builder(sweepCsv.toFile()).columnTypesPartial(Map.of(
        "background", ColumnType.STRING, "status", ColumnType.STRING, "granularity", ColumnType.STRING,
        "latency_ms", ColumnType.DOUBLE, "p90_ms", ColumnType.DOUBLE, "energy_mj", ColumnType.DOUBLE,
        "gpu_util", ColumnType.DOUBLE, "rate_hz", ColumnType.DOUBLE)).build());
    List<StudyRow> out = new ArrayList<>();
    for (Row r : t) {
      boolean ok = "ok".equals(r.getString("status"));
      out.add(new StudyRow(r.getString("soc"), r.getString("model"), r.getString("strategy"),
          r.getString("granularity"), r.getString("background"), r.getDouble("rate_hz"), ok,
          ok ? r.getDouble("latency_ms") : Double.NaN, ok ? r.getDouble("p90_ms") : Double.NaN,
          ok ? (int) r.getNumber("frames_total") : 0, ok ? (int) r.getNumber("frames_dropped") : 0,
          ok ? (int) r.getNumber("fallbacks") : 0, ok ? (int) r.getNumber("ops") : 0,
          ok ? (int) r.getNumber("transfers") : 0, ok ? r.getDouble("gpu_util") : Double.NaN));
    }
    return out;
  }

  String pair() {
    return soc + "/" + model;
  }

  /** Rows of one grain by "device/model", then by strategy (both sorted). */
  static Map<String, Map<String, StudyRow>> byDeviceModel(List<StudyRow> rows, String grain) {
    Map<String, Map<String, StudyRow>> m = new TreeMap<>();
    for (StudyRow r : rows) {
      if (r.grain().equals(grain)) {
        m.computeIfAbsent(r.pair(), k -> new TreeMap<>()).put(r.strategy(), r);
      }
    }
    return m;
  }

  static double lat(StudyRow r) {
    return r == null ? Double.NaN : r.latency();
  }
}
