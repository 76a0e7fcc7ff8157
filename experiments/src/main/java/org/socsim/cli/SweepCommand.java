package org.socsim.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import org.socsim.sweep.SweepRunner;
import org.socsim.sweep.SweepSpec;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "sweep", mixinStandardHelpOptions = true, header = "Run a resumable, parallel sweep from a YAML spec.", sortOptions = false,
    description = {"Run every point of a sweep spec (YAML) and write DIR/results.csv and DIR/results.jsonl, one row",
        "per point in point order, flushed as it is committed: a killed sweep loses no committed row and --resume",
        "continues after the last one. Results are byte-identical whatever --parallel is.",
        "",
        "Spec keys: soc, model, strategy (lists); granularity, background, governor, bandwidth (GB/s, 0 = profile",
        "default), threads, seed (optional lists); requests, rate (optional numbers); zero_copy, reuse_copies,",
        "thermal (optional lists of true/false), slo_ms (e.g. \"80,40\"), options (strategy options, e.g.",
        "\"gpu-share=0.3\") and what_if (e.g. \"gpu.speed=2\"): these add their columns only when named. requests",
        "and rate are one value per sweep, not axes. Every point runs the same scenario pipeline as 'socsim run'.",
        "Unknown socs, strategies, models, option names and unreadable graph files stop the sweep before its first",
        "point (spec line and the closest name); one sweep writes a folder at a time, and --resume refuses a folder",
        "written by another spec.",
        "Columns: latency_ms is one inference: the run's latency with one request, the median request latency",
        "with several (run --json: latency_ms with one request, latency_p50_ms with several; a request of several",
        "models is all of them); p90_ms the 90th percentile request (= latency_ms with one request); energy_mj per",
        "request; n/a rows keep the point's axes and say why in status. Example spec:",
        "  soc: [redmi, oneplus5t]",
        "  model: [inception-v3, inception-v4]",
        "  strategy: [solo-cpu, solo-gpu, heft, codl]",
        "  granularity: [op, subgraph:4]",
        "",
        "Example: socsim sweep spec.yaml --out sweep-out --parallel 2",
        "         socsim sweep spec.yaml --out sweep-out --engine spark --master local[2]   (same bytes, on Spark)"})
final class SweepCommand implements Callable<Integer> {
  @Parameters(index = "0", description = "Sweep spec (YAML)")
  Path spec;

  @Option(names = "--out", required = true, description = "Output folder")
  Path out;

  @Option(names = "--parallel", defaultValue = "0", description = "Worker threads (0, the default: all cores)")
  int parallel;

  @Option(names = "--resume", description = "Skip the points already in DIR/results.jsonl (without it, a folder's"
      + " earlier results are replaced, from the first point)")
  boolean resume;

  @Option(names = "--engine", defaultValue = "local", description = "local (this machine's threads) or spark"
      + " (Apache Spark; needs the socsim-spark jar built; same results, byte for byte)")
  String engine;

  @Option(names = "--master", description = "Spark master with --engine spark: local[N], spark://host:7077, k8s://..., yarn"
      + " (default local[*])")
  String master;

  @CommandLine.Spec
  CommandLine.Model.CommandSpec cmd;

  @Override
  public Integer call() throws Exception {
    if (parallel < 0) {
      throw new IllegalArgumentException("--parallel must be >= 0 (0: all cores), got " + parallel);
    }
    SweepSpec s = SweepSpec.read(spec);
    var points = s.points();
    var rows = rows(engine, master, cmd);
    if (rows == null) {
      return Engines.relaunch(engine, cmd.commandLine().getParseResult().originalArgs(), cmd.commandLine().getOut(),
          cmd.commandLine().getErr());
    }
    int threads = parallel > 0 ? parallel : Runtime.getRuntime().availableProcessors();
    long t0 = System.nanoTime();
    int ran = run(points, out, threads, resume, cmd.commandLine().getErr(), rows.orElse(null));
    cmd.commandLine().getOut().printf("sweep: %d points (%d run now) -> %s (%.1f s, %s)%n", points.size(), ran,
        out.resolve("results.csv"), (System.nanoTime() - t0) / 1e9, rows.isPresent() ? "engine " + engine
        : threads + " threads");
    if (resume) {
      cmd.commandLine().getOut().printf("sweep: --resume reused %d points already in %s%n", points.size() - ran,
          out.resolve("results.csv"));
    }
    reportNotApplicable(out.resolve("results.jsonl"), cmd.commandLine().getOut());
    return 0;
  }

  /**
   * Points that cannot run by design (a model a profile cannot price, a unit a SoC lacks) are rows with status
   * "n/a: reason": counted and grouped by reason here, so a summary never hides them among the results.
   */
  static void reportNotApplicable(Path jsonl, java.io.PrintWriter out) throws java.io.IOException {
    java.util.Map<String, Integer> reasons = new java.util.TreeMap<>();
    int total = 0;
    var mapper = new com.fasterxml.jackson.databind.ObjectMapper();
    try (var lines = java.nio.file.Files.lines(jsonl, java.nio.charset.StandardCharsets.UTF_8)) {
      for (String l : (Iterable<String>) lines::iterator) {
        if (l.isBlank()) {
          continue;
        }
        String status = mapper.readTree(l).path("status").asText();
        if (status.startsWith("n/a")) {
          total++;
          reasons.merge(status.length() > 120 ? status.substring(0, 117) + "..." : status, 1, Integer::sum);
        }
      }
    }
    if (total == 0) {
      return;
    }
    out.printf("sweep: %d points not applicable (status n/a, no latency), by reason:%n", total);
    reasons.entrySet().stream().sorted((a, b) -> b.getValue() - a.getValue()).limit(10)
        .forEach(e -> out.printf("  %6d  %s%n", e.getValue(), e.getKey()));
  }

  /**
   * The rows of {@code --engine}: empty = this machine's threads; null = the engine is not on this class path, so
   * the command runs again where it is ({@link Engines#relaunch}).
   */
  static java.util.Optional<SweepRunner.RowSource> rows(String engine, String master,
      CommandLine.Model.CommandSpec cmd) {
    if (master != null && engine.equals("local")) {
      throw new IllegalArgumentException("--master needs --engine spark");
    }
    if (master != null && !master.matches("local(\\[([1-9][0-9]*|\\*)])?"
        + "|local-cluster\\[[1-9][0-9]*,[1-9][0-9]*,[1-9][0-9]*]|(spark|k8s|mesos)://.+|yarn")) {
      throw new IllegalArgumentException("--master: expected local, local[N] (N >= 1), local[*],"
          + " local-cluster[N,cores,MB], spark://host:port, k8s://..., mesos://... or yarn, got '" + master + "'");
    }
    if (engine.equals("local")) {
      Engines.find(engine);
      return java.util.Optional.empty();
    }
    var found = Engines.find(engine);
    return found.isPresent() ? java.util.Optional.of(found.get().rows(master, cmd.commandLine().getErr())) : null;
  }

  /** Runs with a progress bar on a terminal, plain progress lines otherwise; {@code rows} null = local threads. */
  static int run(java.util.List<SweepSpec.Point> points, Path out, int threads, boolean resume,
      java.io.PrintWriter err, SweepRunner.RowSource rows) throws Exception {
    SweepRunner r = new SweepRunner(points, out, threads, rows);
    if (System.console() != null) {
      try (ProgressBar pb = new ProgressBarBuilder().setTaskName("sweep").setInitialMax(points.size())
          .setStyle(ProgressBarStyle.ASCII).showSpeed().build()) {
        return r.run(resume, (done, total) -> pb.stepTo(done));
      }
    }
    int step = Math.max(1, points.size() / 10);
    return r.run(resume, (done, total) -> {
      if (done % step == 0 || done == total) {
        err.printf("sweep: %d/%d points%n", done, total);
        err.flush();
      }
    });
  }
}
