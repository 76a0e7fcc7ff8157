package org.socsim.sweep;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.socsim.traces.Csv;
import org.socsim.traces.TraceFormatException;

/**
 * Compares sweep results with a stored baseline point by point on latency. Rows match on every axis column: the
 * fixed axes, then each optional axis ({@link SweepSpec#OPTIONAL_AXES}: what_if, options, slo_ms, ...) either file has
 * (a file without the column has it empty, as a row of a sweep that did not name the axis for that point).
 * Use it from the CLI ({@code socsim regress}) or in a strategy's JUnit test:
 * {@code assertTrue(Regression.compare(baseline, results, 2.0).regressions().isEmpty())}.
 */
public final class Regression {
  private static final List<String> AXES = Compare.AXES;

  /** One regressed point. */
  public record Finding(String point, double baselineMs, double resultMs, double changePct) {
  }

  /**
   * @param compared   points present in both
   * @param missing    baseline points absent from the results (or failed there)
   */
  public record Report(int compared, List<Finding> regressions, List<String> missing, List<Finding> improvements) {
    public boolean passed() {
      return regressions.isEmpty() && missing.isEmpty();
    }
  }

  private Regression() {
  }

  /** Accepts a sweep folder (with results.csv) or the CSV itself. */
  public static Report compare(Path baseline, Path results, double tolerancePct) throws IOException {
    Table bt = Table.read(baseline);
    Table rt = Table.read(results);
    List<String> axes = new ArrayList<>(AXES);
    SweepSpec.OPTIONAL_AXES.stream().filter(a -> bt.head().contains(a) || rt.head().contains(a)).forEach(axes::add);
    Map<String, Double> base = bt.latencies(axes);
    Map<String, Double> now = rt.latencies(axes);
    List<Finding> worse = new ArrayList<>();
    List<Finding> better = new ArrayList<>();
    List<String> missing = new ArrayList<>();
    int compared = 0;
    for (Map.Entry<String, Double> b : base.entrySet()) {
      Double r = now.get(b.getKey());
      if (b.getValue().isNaN()) {
        continue;
      }
      if (r == null || r.isNaN()) {
        missing.add(b.getKey());
        continue;
      }
      compared++;
      double pct = 100.0 * (r - b.getValue()) / b.getValue();
      if (pct > tolerancePct) {
        worse.add(new Finding(b.getKey(), b.getValue(), r, pct));
      } else if (pct < -tolerancePct) {
        better.add(new Finding(b.getKey(), b.getValue(), r, pct));
      }
    }
    return new Report(compared, worse, missing, better);
  }

  /** A results CSV, checked: its file, header and rows. */
  private record Table(Path csv, List<String> head, List<Csv.Row> rows) {
    static Table read(Path p) throws IOException {
      List<Csv.Row> rows = Compare.results(p);
      Path csv = Compare.resultsFile(p);
      List<String> head = rows.get(0).fields();
      return new Table(csv, head, rows.subList(1, rows.size()));
    }

    /** Point key (axis=value over {@code axes}; a column this file lacks is empty) -> latency, NaN if not ok. */
    Map<String, Double> latencies(List<String> axes) {
      int lat = head.indexOf("latency_ms");
      int status = head.indexOf("status");
      Map<String, Double> out = new LinkedHashMap<>();
      Map<String, Integer> lines = new java.util.HashMap<>();
      for (Csv.Row f : rows) {
        if (f.size() != head.size()) {
          throw new TraceFormatException(csv, f.line(), "expected " + head.size() + " fields, found " + f.size());
        }
        StringBuilder key = new StringBuilder();
        for (String a : axes) {
          int at = head.indexOf(a);
          String v = at < 0 ? "" : f.get(at);
          if (AXES.contains(a) || !v.isEmpty()) { // an optional axis a point did not name is left out of its key
            key.append(key.length() == 0 ? "" : " ").append(a).append('=').append(v);
          }
        }
        double v = Double.NaN;
        if (!f.get(status).equals("ok") && !f.get(status).startsWith("n/a")) {
          throw new TraceFormatException(csv, f.line(), "expected status ok or n/a: <reason>, found '"
              + f.get(status) + "'");
        }
        if (f.get(status).equals("ok")) {
          try {
            v = Double.parseDouble(f.get(lat));
          } catch (NumberFormatException e) {
            throw new TraceFormatException(csv, f.line(), "expected a number for latency_ms, found '" + f.get(lat)
                + "'");
          }
          if (!(v > 0 && v < 1e9)) {
            throw new TraceFormatException(csv, f.line(), "expected latency_ms > 0 and < 1e9 for an ok row, found "
                + f.get(lat));
          }
        }
        Integer before = lines.putIfAbsent(key.toString(), f.line());
        if (before != null) {
          throw new TraceFormatException(csv, f.line(), "point repeated (first on line " + before + "): " + key);
        }
        out.put(key.toString(), v);
      }
      return out;
    }
  }

  static String fmt(Finding f) {
    return String.format(Locale.ROOT, "%s: %.3f ms -> %.3f ms (%+.1f%%)", f.point(), f.baselineMs(), f.resultMs(),
        f.changePct());
  }
}
