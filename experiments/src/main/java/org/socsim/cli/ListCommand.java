package org.socsim.cli;

import java.util.Map;
import java.util.concurrent.Callable;
import org.socsim.profile.ProfileIo;
import org.socsim.profile.SocProfile;
import org.socsim.strategy.Strategies;
import org.socsim.strategy.Strategy;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

@Command(name = "list", mixinStandardHelpOptions = true,
    description = "List bundled SoC profiles, known models, or strategies.")
final class ListCommand implements Callable<Integer> {
  enum What { socs, models, strategies }

  @Parameters(index = "0", description = "What to list: ${COMPLETION-CANDIDATES}")
  What what;

  @picocli.CommandLine.Option(names = "--details", description = "models: import each ONNX graph and print ops, "
      + "multiply-accumulates, FLOPs and parameters")
  boolean details;

  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() {
    var out = spec.commandLine().getOut();
    switch (what) {
      case socs -> {
        out.printf("%-16s %-26s %s%n", "soc", "units", "models");
        for (String name : ProfileIo.bundled()) {
          SocProfile p = ProfileIo.load(name);
          String units = String.join(",", p.units().stream().map(SocProfile.UnitSpec::id).toList());
          out.printf("%-16s %-26s %s%n", name, units, String.join(",", p.models().keySet()));
        }
      }
      case models -> {
        out.printf("%-22s %s%n", "model", "graph");
        for (Map.Entry<String, String> m : Workbench.knownModels().entrySet()) {
          out.printf("%-22s %s%n", m.getKey(), m.getValue());
        }
        for (Map.Entry<String, java.nio.file.Path> m : Workbench.onnxFiles().entrySet()) {
          if (!details) {
            out.printf("%-22s ONNX %s%n", m.getKey(), m.getValue());
            continue;
          }
          var g = org.socsim.traces.onnx.OnnxGraphs.load(m.getValue());
          double macs = g.ops().stream().mapToDouble(o -> o.features().macs()).sum();
          double flops = g.ops().stream().mapToDouble(o -> o.features().flops()).sum();
          long params = g.ops().stream().mapToLong(o -> o.features().params()).sum();
          out.printf("%-22s ONNX %4d ops %4d edges  %7.3f GMACs  %7.3f GFLOPs  %6.2f M params  %s%n", m.getKey(),
              g.size(), g.edges().size(), macs / 1e9, flops / 1e9, params / 1e6, m.getValue().getFileName());
        }
      }
      case strategies -> {
        for (Strategy s : Strategies.all()) {
          out.printf("%-12s %s%n", s.name(), s.description());
        }
      }
      default -> throw new IllegalStateException();
    }
    return 0;
  }
}
