package org.socsim.traces.hope;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.socsim.traces.Lines;
import org.socsim.traces.TraceFormatException;

/**
 * A measured HOPE/MNN timeline: one block of rows per inference. Reads the 5-field form
 * ({@code op processor dur start end}) and the raw log form ({@code Iter i: op type processor dur start end}).
 * Rows of the known truncated form {@code CPU 0 0} (processor without op) are skipped and counted.
 */
public record MeasuredTimeline(Path file, List<List<Row>> runs, int skippedRows) {
  /** Where a row ran. {@code COPY} rows are transfers logged by tensor shape ({@code ctog}/{@code gtoc}). */
  public enum Proc { CPU, GPU, CONVERT, COPY_TO_GPU, COPY_TO_CPU }

  public record Row(String op, Proc proc, double durUs, double startUs, double endUs, int line) {
  }

  /** Smallest plausible median op duration (us): the shared timelines' medians are 19 us and up. */
  public static final double MIN_MEDIAN_US = 5.0;

  public static MeasuredTimeline read(Path file) {
    List<Row> rows = new ArrayList<>();
    int skipped = 0;
    for (Lines.Line line : Lines.read(file)) {
      String[] f = line.fields();
      int base;
      if (f.length == 5) {
        base = 0;
      } else if (f.length == 8 && f[0].equals("Iter")) {
        base = 2;
      } else if (f.length < 5 && proc(f[0]) != null) {
        skipped++;
        continue;
      } else {
        throw new TraceFormatException(file, line.number(),
            "expected 'op processor dur_us start_us end_us' (5 fields), found " + f.length + " fields");
      }
      String op = f[base];
      int p = base == 0 ? 1 : base + 2;
      Proc proc = proc(f[p]);
      if (proc == null) {
        throw new TraceFormatException(file, line.number(),
            "expected processor CPU, OpenCL, GPU, Convert, ctog or gtoc, found '" + f[p] + "'");
      }
      double dur = Lines.number(file, line, p + 1, "duration (us)");
      double start = Lines.number(file, line, p + 2, "start (us)");
      double end = Lines.number(file, line, p + 3, "end (us)");
      if (end < start || dur < 0) {
        throw new TraceFormatException(file, line.number(), "expected 0 <= dur and start <= end");
      }
      if (Math.abs(end - start - dur) > 2 + 1e-3 * dur) {
        throw new TraceFormatException(file, line.number(), "dur " + f[p + 1] + " contradicts end - start = "
            + (end - start) + " us; expected dur = end - start (the shared timelines agree to the microsecond)");
      }
      rows.add(new Row(op, proc, dur, start, end, line.number()));
    }
    if (rows.isEmpty()) {
      throw new TraceFormatException(file, 0, "expected timeline rows, found none");
    }
    double[] ops = rows.stream().filter(r -> (r.proc() == Proc.CPU || r.proc() == Proc.GPU) && r.durUs() > 0)
        .mapToDouble(Row::durUs).toArray();
    if (ops.length > 0 && org.socsim.result.Stats.median(ops) < MIN_MEDIAN_US) {
      throw new TraceFormatException(file, 0, "median op duration " + org.socsim.result.Stats.median(ops)
          + " us is implausibly small; expected integer microseconds (is the file in milliseconds?)");
    }
    return new MeasuredTimeline(file, split(rows), skipped);
  }

  static Proc proc(String s) {
    return switch (s.toLowerCase(Locale.ROOT)) {
      case "cpu" -> Proc.CPU;
      case "opencl", "gpu" -> Proc.GPU;
      case "convert" -> Proc.CONVERT;
      case "ctog" -> Proc.COPY_TO_GPU;
      case "gtoc" -> Proc.COPY_TO_CPU;
      default -> null;
    };
  }

  /**
   * Cuts rows into runs: R = occurrences of the first row's op; R equal blocks when that divides evenly, else a
   * new run starts whenever an op already seen in the current run reappears.
   */
  static List<List<Row>> split(List<Row> rows) {
    String first = rows.get(0).op();
    int r = 0;
    for (Row row : rows) {
      if (row.op().equals(first)) {
        r++;
      }
    }
    List<List<Row>> runs = new ArrayList<>();
    if (r > 0 && rows.size() % r == 0 && blocksStartWith(rows, r, first)) {
      int size = rows.size() / r;
      for (int i = 0; i < r; i++) {
        runs.add(List.copyOf(rows.subList(i * size, (i + 1) * size)));
      }
      return runs;
    }
    Set<String> seen = new HashSet<>();
    List<Row> cur = new ArrayList<>();
    for (Row row : rows) {
      if (!seen.add(row.op() + "\u0000" + row.proc())) {
        runs.add(List.copyOf(cur));
        cur.clear();
        seen.clear();
        seen.add(row.op() + "\u0000" + row.proc());
      }
      cur.add(row);
    }
    runs.add(List.copyOf(cur));
    return runs;
  }

  private static boolean blocksStartWith(List<Row> rows, int r, String first) {
    int size = rows.size() / r;
    for (int i = 0; i < r; i++) {
      if (!rows.get(i * size).op().equals(first)) {
        return false;
      }
    }
    return true;
  }

  /** End-to-end latency of run {@code i}: max(end) - min(start) over all its rows, transfers included. */
  public double endToEndUs(int i) {
    double lo = Double.POSITIVE_INFINITY;
    double hi = Double.NEGATIVE_INFINITY;
    for (Row row : runs.get(i)) {
      lo = Math.min(lo, row.startUs());
      hi = Math.max(hi, row.endUs());
    }
    return hi - lo;
  }

  /**
   * Run-to-run spread of this file, percent: |median of the first half of the runs - median of the second half|
   * over the median of all runs (the drift a time-split holdout meets); NaN with fewer than 4 runs.
   */
  public double halfToHalfPct() {
    int n = runs.size();
    if (n < 4) {
      return Double.NaN;
    }
    double[] a = new double[n / 2];
    double[] b = new double[n - n / 2];
    for (int i = 0; i < n; i++) {
      if (i < n / 2) {
        a[i] = endToEndUs(i);
      } else {
        b[i - n / 2] = endToEndUs(i);
      }
    }
    return 100 * Math.abs(org.socsim.result.Stats.median(a) - org.socsim.result.Stats.median(b)) / medianEndToEndUs();
  }

  /** Median end-to-end latency over all runs. */
  public double medianEndToEndUs() {
    double[] v = new double[runs.size()];
    for (int i = 0; i < v.length; i++) {
      v[i] = endToEndUs(i);
    }
    return org.socsim.result.Stats.median(v);
  }

  /** True when the file records CPU and GPU kernels in the same run with transfers (a heterogeneous run). */
  public boolean isParallel() {
    List<Row> run = runs.get(0);
    return run.stream().anyMatch(r -> r.proc() == Proc.CONVERT || r.proc() == Proc.COPY_TO_GPU
        || r.proc() == Proc.COPY_TO_CPU);
  }
}
