package org.socsim.sweep;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.socsim.traces.Csv;
import org.socsim.traces.TraceFormatException;

/**
 * Point-by-point latency differences between two sets of sweep results ({@code results.csv}): two folders, or the
 * rows of two values of one axis (e.g. two strategies) in one folder. Points are matched by their axis columns
 * (the sweep's axes, optional ones included when both sides have them), leaving out the compared axis. Each
 * difference is judged against the validated error of the predictions ({@link #MODEL_ERROR_PCT}): below it, a
 * difference is within model error, and no claim should rest on it.
 */
public final class Compare {
  /**
   * The validated error the significance note uses: the HOPE leave-one-model-out mean |error| of end-to-end
   * latency predictions (docs/fidelity.md, "HOPE phones: unseen models", n = 187 replays).
   */
  public static final double MODEL_ERROR_PCT = 9.62;

  /** A gap below this share of the faster latency is a tie (the study's rule, {@code ValidatedError}). */
  public static final double TIE_PCT = 1.0;

  /** Where {@link #MODEL_ERROR_PCT} comes from, for the output. */
  public static final String MODEL_ERROR_SOURCE = "HOPE --holdout model mean |error| of end-to-end latency over 187"
      + " replays, docs/fidelity.md";

  static final List<String> AXES = List.of("soc", "model", "strategy", "granularity", "background", "governor",
      "bandwidth_gbps", "threads", "seed", "requests", "rate_hz");

  /** One matched point: its key (axis=value, the axes that vary) and both latencies. */
  public record Point(String key, double aMs, double bMs) {
    public double deltaPct() {
      return 100.0 * (bMs - aMs) / aMs;
    }

    /** The slower's excess over the faster, in % of the faster (symmetric in A and B). */
    public double gapPct() {
      return 100.0 * (Math.max(aMs, bMs) / Math.min(aMs, bMs) - 1);
    }
  }

  /**
   * @param matched   points with an ok latency on both sides, in A's order
   * @param onlyA     points of A without a match in B (or not ok there)
   * @param onlyB     points of B without a match in A
   * @param ignored   axes present on one side only (not used for matching)
   */
  public record Result(List<Point> matched, List<String> onlyA, List<String> onlyB, List<String> ignored) {
  }

  private Compare() {
  }

  /** Two result sets (folders or results.csv), matched by every shared axis but {@code by} (null: none). */
  public static Result folders(Path a, Path b, String by) throws IOException {
    Table ta = Table.read(a);
    Table tb = Table.read(b);
    return compare(ta, row -> true, tb, row -> true, by);
  }

  /** The rows with {@code by = a} against the rows with {@code by = b} in one result set. */
  public static Result values(Path results, String by, String a, String b) throws IOException {
    Table t = Table.read(results);
    if (!t.head.contains(by)) {
      throw new TraceFormatException(t.file, 1, "expected a column '" + by + "' to compare by; axes: " + t.axes());
    }
    int col = t.head.indexOf(by);
    for (String v : List.of(a, b)) {
      if (t.rows.stream().noneMatch(r -> r.get(col).equals(v))) {
        throw new IllegalArgumentException("no row of " + t.file + " has " + by + " = '" + v + "'; its values: "
            + t.rows.stream().map(r -> r.get(col)).distinct().toList());
      }
    }
    return compare(t, r -> r.get(col).equals(a), t, r -> r.get(col).equals(b), by);
  }

  private static Result compare(Table ta, java.util.function.Predicate<List<String>> inA, Table tb,
      java.util.function.Predicate<List<String>> inB, String by) {
    List<String> axes = new ArrayList<>();
    List<String> ignored = new ArrayList<>();
    for (String x : ta.axes()) {
      if (tb.axes().contains(x)) {
        if (!x.equals(by)) {
          axes.add(x);
        }
      } else {
        ignored.add(x);
      }
    }
    tb.axes().stream().filter(x -> !ta.axes().contains(x)).forEach(ignored::add);
    if (by != null && !axes.contains(by) && !ta.axes().contains(by) && !tb.axes().contains(by)) {
      throw new IllegalArgumentException("--by " + by + ": not an axis of the results; axes: " + ta.axes());
    }
    Map<List<String>, Double> a = ta.latencies(axes, inA);
    Map<List<String>, Double> b = tb.latencies(axes, inB);
    List<String> varying = new ArrayList<>();
    for (int k = 0; k < axes.size(); k++) {
      int kk = k;
      Set<String> vals = new LinkedHashSet<>();
      a.keySet().forEach(key -> vals.add(key.get(kk)));
      b.keySet().forEach(key -> vals.add(key.get(kk)));
      if (vals.size() > 1) {
        varying.add(axes.get(k));
      }
    }
    List<Point> matched = new ArrayList<>();
    List<String> onlyA = new ArrayList<>();
    List<String> onlyB = new ArrayList<>();
    for (Map.Entry<List<String>, Double> e : a.entrySet()) {
      Double other = b.get(e.getKey());
      String label = label(axes, varying, e.getKey());
      if (other == null || other.isNaN() || e.getValue().isNaN()) {
        onlyA.add(label);
      } else {
        matched.add(new Point(label, e.getValue(), other));
      }
    }
    for (Map.Entry<List<String>, Double> e : b.entrySet()) {
      Double mine = a.get(e.getKey());
      if (mine == null || (mine.isNaN() && !e.getValue().isNaN())) {
        onlyB.add(label(axes, varying, e.getKey()));
      }
    }
    return new Result(matched, onlyA, onlyB, ignored);
  }

  private static String label(List<String> axes, List<String> varying, List<String> key) {
    StringBuilder sb = new StringBuilder();
    for (int k = 0; k < axes.size(); k++) {
      if (varying.contains(axes.get(k))) {
        sb.append(sb.length() == 0 ? "" : " ").append(axes.get(k)).append('=').append(key.get(k));
      }
    }
    return sb.length() == 0 ? "(the one point)" : sb.toString();
  }

  /** The results.csv of a sweep folder, or the CSV itself. */
  static Path resultsFile(Path p) {
    return Files.isDirectory(p) ? p.resolve("results.csv") : p;
  }

  /**
   * A sweep's results.csv (a folder or the file), decoded and parsed, its header checked for the sweep columns
   * (the fixed axes, status, latency_ms); rows follow the header (compare and regress read it this way).
   */
  static List<Csv.Row> results(Path p) throws IOException {
    Path csv = resultsFile(p);
    if (!Files.isRegularFile(csv)) {
      throw new TraceFormatException(csv, 0, "expected sweep results (a folder with results.csv, or the CSV)");
    }
    String text;
    try {
      text = Csv.decode(Files.readAllBytes(csv), StandardCharsets.UTF_8);
    } catch (java.nio.charset.CharacterCodingException e) {
      throw new TraceFormatException(csv, 0, "expected UTF-8 text (socsim sweep results), found binary data");
    }
    List<Csv.Row> all = Csv.parse(csv, text, false);
    if (all.isEmpty()) {
      throw new TraceFormatException(csv, 0, "expected a header line");
    }
    List<String> head = all.get(0).fields();
    if (!head.containsAll(AXES) || !head.contains("status") || !head.contains("latency_ms")) {
      throw new TraceFormatException(csv, 1, "expected socsim sweep columns (" + String.join(", ", AXES)
          + ", status, latency_ms)");
    }
    return all;
  }

  /** A results.csv: header, rows (each with its line) and which columns are axes. */
  private record Table(Path file, List<String> head, List<List<String>> rows, List<Integer> lines) {
    static Table read(Path p) throws IOException {
      List<Csv.Row> all = results(p);
      Path csv = resultsFile(p);
      List<String> head = all.get(0).fields();
      List<List<String>> rows = new ArrayList<>();
      List<Integer> lines = new ArrayList<>();
      for (Csv.Row r : all.subList(1, all.size())) {
        if (r.size() != head.size()) {
          throw new TraceFormatException(csv, r.line(), "expected " + head.size() + " fields, found " + r.size());
        }
        rows.add(r.fields());
        lines.add(r.line());
      }
      return new Table(csv, head, rows, lines);
    }

    List<String> axes() {
      List<String> out = new ArrayList<>(AXES);
      SweepSpec.OPTIONAL_AXES.stream().filter(head::contains).forEach(out::add);
      return out;
    }

    /** Axis values -> latency (NaN when the row is not ok), for the rows {@code keep} selects; keys unique. */
    Map<List<String>, Double> latencies(List<String> axes, java.util.function.Predicate<List<String>> keep) {
      int status = head.indexOf("status");
      int lat = head.indexOf("latency_ms");
      Map<List<String>, Double> out = new LinkedHashMap<>();
      for (int i = 0; i < rows.size(); i++) {
        List<String> r = rows.get(i);
        if (!keep.test(r)) {
          continue;
        }
        List<String> key = axes.stream().map(x -> r.get(head.indexOf(x))).toList();
        double v = Double.NaN;
        if (r.get(status).equals("ok")) {
          try {
            v = Double.parseDouble(r.get(lat));
          } catch (NumberFormatException e) {
            throw new TraceFormatException(file, lines.get(i), "expected a number for latency_ms, found '"
                + r.get(lat) + "'");
          }
          if (!(v > 0 && v < 1e9)) {
            throw new TraceFormatException(file, lines.get(i), "expected latency_ms > 0 and < 1e9 for an ok row,"
                + " found " + r.get(lat));
          }
        }
        if (out.put(key, v) != null) {
          throw new TraceFormatException(file, lines.get(i), "expected one row per point; this row repeats the"
              + " axis values of an earlier one (compare --by the axis that varies)");
        }
      }
      return out;
    }
  }
}
