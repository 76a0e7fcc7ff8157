package org.socsim.cli;

import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.socsim.sweep.Regression;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "regress", mixinStandardHelpOptions = true, header = "Compare sweep results with a baseline; exit 1 on regressions.", sortOptions = false,
    description = {"Compare sweep results with a stored baseline point by point (latency). Exit 1 when a point is",
        "slower than the baseline by more than --tolerance percent, or missing; the regressed points are named.",
        "",
        "Example: socsim regress --baseline baseline-sweep --results my-sweep --tolerance 2"})
final class RegressCommand implements Callable<Integer> {
  @Option(names = "--baseline", required = true, description = "Baseline sweep folder or results.csv")
  Path baseline;

  @Option(names = "--results", required = true, description = "New sweep folder or results.csv")
  Path results;

  @Option(names = "--tolerance", defaultValue = "1", description = "Allowed slow-down in percent (default: ${DEFAULT-VALUE})")
  double tolerance;

  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    if (!Double.isFinite(tolerance) || tolerance < 0) {
      throw new IllegalArgumentException("--tolerance must be a finite percentage >= 0, got " + tolerance);
    }
    Regression.Report r = Regression.compare(baseline, results, tolerance);
    if (r.compared() == 0) {
      throw new IllegalArgumentException(baseline + ": no point of the baseline matches a point of " + results
          + " (expected result sets of the same sweep axes with at least one row)");
    }
    var out = spec.commandLine().getOut();
    out.printf(Locale.ROOT, "regress: %d points compared, %d slower than baseline by more than %.1f%%, %d faster,"
        + " %d missing%n", r.compared(), r.regressions().size(), tolerance, r.improvements().size(), r.missing().size());
    r.regressions().forEach(f -> out.printf(Locale.ROOT, "REGRESSION %s: %.3f ms -> %.3f ms (%+.1f%%)%n", f.point(),
        f.baselineMs(), f.resultMs(), f.changePct()));
    r.missing().forEach(m -> out.println("MISSING " + m));
    return r.passed() ? 0 : 1;
  }
}
