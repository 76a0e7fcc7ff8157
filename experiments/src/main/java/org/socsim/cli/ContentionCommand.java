package org.socsim.cli;

import java.util.List;
import java.util.concurrent.Callable;
import org.socsim.result.RunResult;
import org.socsim.scenario.Scenario;
import org.socsim.scenario.ScenarioResult;
import org.socsim.scenario.Scenarios;
import org.socsim.scenario.Workbench;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "contention", mixinStandardHelpOptions = true, header = "UI frame drops vs inference rate; co-execution vs DRAM bandwidth.", sortOptions = false,
    description = {"The contention experiment: (1) UI frame drops and inference latency for GPU vs CPU placement as",
        "the inference rate grows, beside 60 Hz UI rendering on the GPU; (2) latency of CPU+GPU co-execution as the",
        "shared DRAM bandwidth shrinks. Energy per inference from the assumed power model (see 'run --help').",
        "",
        "Example: socsim contention --soc redmi --model inception-v3"})
final class ContentionCommand implements Callable<Integer> {
  @Option(names = "--soc", defaultValue = "redmi", description = "SoC profile (default: ${DEFAULT-VALUE})")
  String soc;

  @Option(names = "--model", defaultValue = "inception-v3", description = "Model (default: ${DEFAULT-VALUE})")
  String model;

  @Option(names = "--ui", defaultValue = "ui:60hz:4ms", description = "UI load (default: ${DEFAULT-VALUE})")
  String ui;

  @Option(names = "--requests", defaultValue = "6", description = "Requests per rate point (default: ${DEFAULT-VALUE})")
  int requests;

  @Option(names = "--rates", split = ",", defaultValue = "0.25,0.5,1,2", description = "Inference rates, Hz")
  List<Double> rates;

  @Option(names = "--bandwidths", split = ",", defaultValue = "0,30,10,5,2,1",
      description = "DRAM bandwidths, GB/s (0 = unlimited)")
  List<Double> bandwidths;

  @Option(names = "--coexec", defaultValue = "codl", description = "CPU+GPU strategy for part 2 (default: ${DEFAULT-VALUE})")
  String coexec;

  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() {
    check();
    Workbench wb = Workbench.load(soc, model);
    Scenarios.Loader loaded = (s, m, w) -> wb;
    // Every point runs before anything prints: an input that fails half way leaves no partial table.
    java.io.StringWriter buf = new java.io.StringWriter();
    java.io.PrintWriter out = new java.io.PrintWriter(buf);
    out.printf("(1) %s %s beside %s: frame drops and latency vs inference rate (%d requests per point)%n", soc, model,
        ui, requests);
    out.printf("%-10s %7s %10s %10s %12s %9s %10s%n", "placement", "rate_hz", "p50_ms", "p90_ms", "frames", "dropped",
        "mJ/infer");
    for (String placement : List.of("solo-gpu", "solo-cpu")) {
      for (double hz : rates) {
        // no --bandwidth: unlimited DRAM here, not the profile's figure
        ScenarioResult res = Scenarios.run(Scenario.builder(soc, model, placement).background(ui).requests(requests)
            .rateHz(hz).bandwidthGbps(Double.POSITIVE_INFINITY).build(), loaded);
        RunResult r = res.result();
        out.printf("%-10s %7.2f %10.1f %10.1f %12d %8.1f%% %10.1f%n", placement, hz, res.requestLatencyMs(0.5),
            res.requestLatencyMs(0.9), r.framesTotal(), 100.0 * r.framesDropped() / Math.max(1, r.framesTotal()),
            res.energyPerRequestMj());
      }
    }
    out.println();
    out.printf("(2) %s %s under %s: latency vs shared DRAM bandwidth (one inference)%n", soc, model, coexec);
    out.printf("%-12s %12s %10s%n", "dram_gbps", "latency_ms", "mJ");
    for (double bw : bandwidths) {
      RunResult r = Scenarios.run(Scenario.builder(soc, model, coexec)
          .bandwidthGbps(bw > 0 ? bw : Double.POSITIVE_INFINITY).build(), loaded).result();
      out.printf("%-12s %12.3f %10.1f%n", bw > 0 ? String.format(java.util.Locale.ROOT, "%.1f", bw) : "unlimited",
          r.latencyMs(), r.energyMj());
    }
    out.flush();
    spec.commandLine().getOut().print(buf);
    spec.commandLine().getOut().flush();
    return 0;
  }

  /** The options' own checks, named as the user typed them (exit 2 through the CLI's handler). */
  private void check() {
    if (requests < 1 || requests > Scenarios.MAX_REQUESTS) {
      throw new IllegalArgumentException("--requests must be from 1 to " + Scenarios.MAX_REQUESTS + ", got "
          + requests);
    }
    for (double hz : rates) {
      if (!Double.isFinite(hz) || hz < 0) {
        throw new IllegalArgumentException("--rates: expected rates in Hz, finite and >= 0 (0 = back to back), got "
            + hz);
      }
    }
    for (double bw : bandwidths) {
      if (!Double.isFinite(bw) || bw < 0) {
        throw new IllegalArgumentException("--bandwidths: expected GB/s, finite and >= 0 (0 = unlimited), got " + bw);
      }
    }
    try {
      org.socsim.scenario.Background.check(ui);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(e.getMessage().replaceFirst("^--background", "--ui"), e);
    }
    try {
      org.socsim.strategy.Strategies.byName(coexec);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("--coexec: " + e.getMessage(), e);
    }
  }
}
