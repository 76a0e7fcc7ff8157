package org.socsim.cli;

import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.socsim.engine.Simulation;
import org.socsim.engine.Workload;
import org.socsim.plan.ExecutionPlan;
import org.socsim.result.RunResult;
import org.socsim.strategy.PlanContext;
import org.socsim.strategy.Strategies;
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
    Workbench wb = Workbench.load(soc, model);
    var out = spec.commandLine().getOut();
    out.printf("(1) %s %s beside %s: frame drops and latency vs inference rate (%d requests per point)%n", soc, model,
        ui, requests);
    out.printf("%-10s %7s %10s %10s %12s %9s %10s%n", "placement", "rate_hz", "p50_ms", "p90_ms", "frames", "dropped",
        "mJ/infer");
    for (String placement : List.of("solo-gpu", "solo-cpu")) {
      ExecutionPlan p = plan(wb, placement);
      for (double hz : rates) {
        RunResult r = new Simulation(wb.graph(), wb.soc(), p, wb.cost(),
            Background.parse(ui, wb.soc(), requests, 1e6 / hz),
            Platform.dynamics(wb.soc(), null, "performance", false)).run();
        double[] lat = r.requestLatencyUs().stream().mapToDouble(Double::doubleValue).sorted().toArray();
        out.printf("%-10s %7.2f %10.1f %10.1f %12d %8.1f%% %10.1f%n", placement, hz, lat[lat.length / 2] / 1000,
            lat[(int) Math.min(lat.length - 1, Math.ceil(0.9 * lat.length) - 1)] / 1000, r.framesTotal(),
            100.0 * r.framesDropped() / Math.max(1, r.framesTotal()), r.energyMj() / requests);
      }
    }
    out.println();
    out.printf("(2) %s %s under %s: latency vs shared DRAM bandwidth (one inference)%n", soc, model, coexec);
    out.printf("%-12s %12s %10s%n", "dram_gbps", "latency_ms", "mJ");
    ExecutionPlan co = plan(wb, coexec);
    for (double bw : bandwidths) {
      RunResult r = new Simulation(wb.graph(), wb.soc(), co, wb.cost(), Workload.single(),
          Platform.dynamics(wb.soc(), bw > 0 ? bw : null, "performance", false)).run();
      out.printf("%-12s %12.3f %10.1f%n", bw > 0 ? String.format(java.util.Locale.ROOT, "%.1f", bw) : "unlimited",
          r.latencyMs(), r.energyMj());
    }
    return 0;
  }

  private static ExecutionPlan plan(Workbench wb, String strategy) {
    return Strategies.byName(strategy).plan(wb.graph(), wb.soc(), new PlanContext(4, wb.cost(), 1L, Map.of(),
        List.of(), null));
  }
}
