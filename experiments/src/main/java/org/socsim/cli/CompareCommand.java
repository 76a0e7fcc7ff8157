package org.socsim.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.socsim.sweep.Compare;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "compare", mixinStandardHelpOptions = true, sortOptions = false,
    header = "Per-point and summary latency differences between two result sets, or two strategies in one.",
    description = {"Compare sweep results point by point on latency: B against A, delta = (B - A) / A.",
        "  socsim compare --a DIR_A --b DIR_B            two sweep folders (or results.csv files), points matched by",
        "                                                every axis both have",
        "  socsim compare DIR --by strategy --a heft --b adaptive",
        "                                                two values of one axis (strategy, soc, granularity, what_if,",
        "                                                ...) in one folder, points matched by the other axes",
        "  --by AXIS with --a/--b folders leaves that axis out of the match (e.g. one strategy per folder).",
        "A gap (the slower's latency over the faster's, minus 1: swapping A and B gives the same verdicts, as in the",
        "study's report) below " + Compare.TIE_PCT + " %% is a tie; below the validated error of the predictions it is",
        "within model error: --error-pct, default " + Compare.MODEL_ERROR_PCT + " %% (" + Compare.MODEL_ERROR_SOURCE
            + "); the study's report judges measured models' plans against their plan error, 4.52 %%",
        "(--error-pct 4.52 reproduces its verdicts)."})
final class CompareCommand implements Callable<Integer> {
  @Parameters(index = "0", arity = "0..1", paramLabel = "DIR", description = "With --by: the results folder")
  Path dir;

  @Option(names = "--a", required = true, description = "A: a results folder, or with DIR the axis value")
  String a;

  @Option(names = "--b", required = true, description = "B: a results folder, or with DIR the axis value")
  String b;

  @Option(names = "--by", paramLabel = "AXIS", description = "The axis whose values are compared (needed with DIR)")
  String by;

  @Option(names = "--error-pct", description = "Gaps (slower / faster - 1) below this percentage are within model"
      + " error (default: the HOPE leave-one-model-out mean |error|)")
  Double errorPct;

  @Option(names = "--summary", description = "Print the summary only, not every point")
  boolean summaryOnly;

  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    double err = errorPct == null ? Compare.MODEL_ERROR_PCT : errorPct;
    if (!(err >= 0 && err < 1e6)) {
      throw new IllegalArgumentException("--error-pct must be a percentage >= 0, got " + errorPct);
    }
    Compare.Result r;
    String what;
    if (dir != null) {
      if (by == null) {
        throw new IllegalArgumentException("compare DIR needs --by AXIS (e.g. --by strategy --a heft --b adaptive);"
            + " for two folders give --a DIR_A --b DIR_B without DIR");
      }
      r = Compare.values(dir, by, a, b);
      what = "A = " + by + " " + a + ", B = " + by + " " + b + " in " + dir;
    } else {
      r = Compare.folders(Path.of(a), Path.of(b), by);
      what = "A = " + a + ", B = " + b + (by == null ? "" : " (by " + by + ")");
    }
    if (r.matched().isEmpty()) {
      throw new IllegalArgumentException("no point of A matches a point of B with an ok latency (" + what + "; "
          + r.onlyA().size() + " points only in A, " + r.onlyB().size() + " only in B)");
    }
    PrintWriter out = spec.commandLine().getOut();
    out.println("compare: latency_ms, " + what);
    out.printf(Locale.ROOT, "model error: %.2f %% (%s); a gap (slower / faster - 1) below it is within model error,"
        + " below " + Compare.TIE_PCT + " %% a tie%n", err,
        errorPct == null ? Compare.MODEL_ERROR_SOURCE : "--error-pct");
    if (!r.ignored().isEmpty()) {
      out.println("axes on one side only, not matched on: " + String.join(", ", r.ignored()));
    }
    if (!summaryOnly) {
      int w = Math.max(5, r.matched().stream().mapToInt(p -> p.key().length()).max().orElse(5));
      out.printf(Locale.ROOT, "%-" + w + "s %12s %12s %9s  %s%n", "point", "A_ms", "B_ms", "delta_%", "significance");
      for (Compare.Point p : r.matched()) {
        out.printf(Locale.ROOT, "%-" + w + "s %12.3f %12.3f %+9.2f  %s%n", p.key(), p.aMs(), p.bMs(),
            p.deltaPct() + 0.0, verdict(p, err));
      }
      r.onlyA().forEach(k -> out.println("only in A (or not ok in B): " + k));
      r.onlyB().forEach(k -> out.println("only in B (or not ok in A): " + k));
    }
    summary(out, r, err);
    return 0;
  }

  /**
   * Judged like the study's findings: the gap is the slower's excess over the faster (so swapping A and B gives the
   * same verdict), a tie below {@link Compare#TIE_PCT}, beyond model error from {@code err} up.
   */
  static String verdict(Compare.Point p, double err) {
    double g = p.gapPct();
    if (g < Compare.TIE_PCT) {
      return "tie";
    }
    return g < err ? "within model error" : p.bMs() < p.aMs() ? "B faster beyond model error"
        : "B slower beyond model error";
  }

  private static void summary(PrintWriter out, Compare.Result r, double err) {
    int faster = 0;
    int slower = 0;
    int ties = 0;
    int fasterBeyond = 0;
    int slowerBeyond = 0;
    double logSum = 0;
    double[] deltas = new double[r.matched().size()];
    int k = 0;
    for (Compare.Point p : r.matched()) {
      double d = p.deltaPct();
      deltas[k++] = d;
      logSum += Math.log(p.bMs() / p.aMs());
      if (p.gapPct() < Compare.TIE_PCT) {
        ties++;
      } else if (d < 0) {
        faster++;
        fasterBeyond += p.gapPct() >= err ? 1 : 0;
      } else {
        slower++;
        slowerBeyond += p.gapPct() >= err ? 1 : 0;
      }
    }
    java.util.Arrays.sort(deltas);
    int m = deltas.length / 2;
    double median = deltas.length % 2 == 1 ? deltas[m] : (deltas[m - 1] + deltas[m]) / 2;
    double geo = Math.exp(logSum / r.matched().size());
    out.printf(Locale.ROOT, "summary: %d points matched; B faster in %d (%d beyond model error), slower in %d (%d"
        + " beyond), tied (gap under " + Compare.TIE_PCT + " %%) in %d; %d within model error%n", r.matched().size(), faster, fasterBeyond, slower,
        slowerBeyond, ties, r.matched().size() - fasterBeyond - slowerBeyond - ties);
    out.printf(Locale.ROOT, "summary: B/A geometric mean %.4f (%+.2f %%), median delta %+.2f %%, range %+.2f %% to"
        + " %+.2f %%; %d points only in A, %d only in B%n", geo, 100 * (geo - 1) + 0.0,
        median + 0.0, deltas[0] + 0.0, deltas[deltas.length - 1] + 0.0, r.onlyA().size(), r.onlyB().size());
    // the study's report states a gain in % of the faster (A/B - 1): the same numbers in its convention
    double best = r.matched().stream().mapToDouble(p -> p.aMs() / p.bMs() - 1).max().orElse(0);
    out.printf(Locale.ROOT, "summary: in %% of the faster (the study report's convention): B %s than A by %.2f %% on"
        + " geometric mean, at most %.2f %% faster%n", geo <= 1 ? "faster" : "slower",
        100 * Math.abs(geo <= 1 ? 1 / geo - 1 : geo - 1), Math.max(0, 100 * best));
  }
}
