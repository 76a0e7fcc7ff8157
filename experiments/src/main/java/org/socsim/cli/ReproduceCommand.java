package org.socsim.cli;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.socsim.study.Study;
import org.socsim.study.StudyPoints;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "reproduce", mixinStandardHelpOptions = true, header = "Reproduce the study: tables, figures and an HTML report.", sortOptions = false,
    description = {"Reproduce the study on the bundled phone profiles: every strategy on every model with a DAG at",
        "five scheduling grains, plus GPU vs CPU placement beside UI rendering at growing inference rates.",
        "A second sweep (DIR/sweep-ui-cost) varies the UI's assumed GPU cost per frame (2-8 ms).",
        "Writes DIR/sweep/results.csv (resumable), tables (CSV), figures (PNG + SVG) and DIR/report.html (offline),",
        "and prints one line per finding, with its margin against the validated prediction error.",
        "",
        "Example: socsim reproduce --out study",
        "         socsim reproduce --out small --strategies solo-cpu,heft,codl --socs redmi --models inception-v3",
        "           (a strategy you registered runs under its name too: docs/architecture.md, Strategy SPI)"})
final class ReproduceCommand implements Callable<Integer> {
  @Option(names = "--out", defaultValue = "reproduce-out", description = "Output folder (default: ${DEFAULT-VALUE})")
  Path out;

  @Option(names = "--parallel", defaultValue = "0", description = "Worker threads (0, the default: all cores)")
  int parallel;

  @Option(names = "--resume", description = "Keep the sweep rows already in DIR/sweep")
  boolean resume;

  @Option(names = "--strategies", split = ",", paramLabel = "S", description = {"Strategies to compare, in column"
      + " order (default: the study's list); any registered name works (socsim list strategies)"})
  List<String> strategies;

  @Option(names = "--socs", split = ",", paramLabel = "SOC", description = "Only these bundled SoCs (default: the"
      + " study's ten phones)")
  List<String> socs;

  @Option(names = "--models", split = ",", paramLabel = "M", description = "Only these models (default: every model"
      + " with a DAG)")
  List<String> models;

  @Option(names = "--engine", defaultValue = "local", description = "local (this machine's threads) or spark"
      + " (the study's sweep on Apache Spark; needs the socsim-spark jar built)")
  String engine;

  @Option(names = "--master", description = "Spark master with --engine spark (default local[*])")
  String master;

  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    if (parallel < 0) {
      throw new IllegalArgumentException("--parallel must be >= 0 (0: all cores), got " + parallel);
    }
    System.setProperty("java.awt.headless", "true");
    var sel = StudyPoints.Selection.of(strategies, socs, models, SharedData.hope());
    var points = StudyPoints.points(SharedData.hope(), sel);
    var uiCost = StudyPoints.uiCostPoints(sel);
    var rows = SweepCommand.rows(engine, master, spec);
    if (rows == null) {
      return Engines.relaunch(engine, spec.commandLine().getParseResult().originalArgs(), spec.commandLine().getOut(),
          spec.commandLine().getErr());
    }
    int threads = parallel > 0 ? parallel : Runtime.getRuntime().availableProcessors();
    long t0 = System.nanoTime();
    SweepCommand.run(points, out.resolve("sweep"), threads, resume, spec.commandLine().getErr(), rows.orElse(null));
    if (!uiCost.isEmpty()) {
      SweepCommand.run(uiCost, out.resolve("sweep-ui-cost"), threads, resume, spec.commandLine().getErr(),
          rows.orElse(null));
    }
    double sweepS = (System.nanoTime() - t0) / 1e9;
    List<String> findings = Study.analyse(new Study.Inputs(out.resolve("sweep").resolve("results.csv"),
        uiCost.isEmpty() ? null : out.resolve("sweep-ui-cost").resolve("results.csv"),
        SharedData.root().map(r -> r.resolve("traces").resolve("published")).orElse(null), sel.strategies(),
        sel.socs()), out);
    double totalS = (System.nanoTime() - t0) / 1e9;
    var o = spec.commandLine().getOut();
    o.printf(java.util.Locale.ROOT, "socsim reproduce: %d simulated points in %.1f s (sweep %.2f s = %.0f points/s,"
        + " %s)%n",
        points.size() + uiCost.size(), totalS, sweepS, (points.size() + uiCost.size()) / sweepS,
        rows.isPresent() ? "engine " + engine : threads + " threads");
    for (String f : findings) {
      o.println("- " + f);
    }
    o.println("report: " + out.resolve("report.html") + "  (tables *.csv, figures *.png / *.svg beside it)");
    return 0;
  }
}
