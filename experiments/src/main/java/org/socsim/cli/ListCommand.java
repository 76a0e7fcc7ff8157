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
        for (Map.Entry<String, Boolean> m : Workbench.knownModels().entrySet()) {
          out.printf("%-22s %s%n", m.getKey(), m.getValue() ? "DAG from <model>.dot"
              : "no DAG in traces (ops chained; single-unit runs only are faithful)");
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
