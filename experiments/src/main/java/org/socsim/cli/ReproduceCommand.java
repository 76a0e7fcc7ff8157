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
        "Writes DIR/sweep/results.csv (resumable), tables (CSV), figures (PNG + SVG) and DIR/report.html (offline),",
        "and prints one line per finding.",
        "",
        "Example: socsim reproduce --out study"})
final class ReproduceCommand implements Callable<Integer> {
  @Option(names = "--out", defaultValue = "reproduce-out", description = "Output folder (default: ${DEFAULT-VALUE})")
  Path out;

  @Option(names = "--parallel", defaultValue = "0", description = "Worker threads (default: all cores)")
  int parallel;

  @Option(names = "--resume", description = "Keep the sweep rows already in DIR/sweep")
  boolean resume;

  @Option(names = "--engine", defaultValue = "local", description = "local (this machine's threads) or spark"
      + " (the study's sweep on Apache Spark; needs the socsim-spark jar built)")
  String engine;

  @Option(names = "--master", description = "Spark master with --engine spark (default local[*])")
  String master;

  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    System.setProperty("java.awt.headless", "true");
    var points = StudyPoints.points(SharedData.hope());
    var rows = SweepCommand.rows(engine, master, spec);
    if (rows == null) {
      return Engines.relaunch(engine, spec.commandLine().getParseResult().originalArgs(), spec.commandLine().getOut(),
          spec.commandLine().getErr());
    }
    int threads = parallel > 0 ? parallel : Runtime.getRuntime().availableProcessors();
    long t0 = System.nanoTime();
    SweepCommand.run(points, out.resolve("sweep"), threads, resume, spec.commandLine().getErr(), rows.orElse(null));
    double sweepS = (System.nanoTime() - t0) / 1e9;
    List<String> findings = Study.analyse(out.resolve("sweep").resolve("results.csv"), out);
    double totalS = (System.nanoTime() - t0) / 1e9;
    var o = spec.commandLine().getOut();
    o.printf("socsim reproduce: %d simulated points in %.1f s (sweep %.1f s, %s)%n", points.size(), totalS,
        sweepS, rows.isPresent() ? "engine " + engine : threads + " threads");
    for (String f : findings) {
      o.println("- " + f);
    }
    o.println("report: " + out.resolve("report.html") + "  (tables *.csv, figures *.png / *.svg beside it)");
    return 0;
  }
}
