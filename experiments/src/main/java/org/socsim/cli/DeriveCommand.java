package org.socsim.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.socsim.profile.ProfileIo;
import org.socsim.profile.SocProfile;
import org.socsim.profile.WhatIf;
import org.socsim.scenario.Workbench;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "derive", mixinStandardHelpOptions = true, header = "Write a what-if SoC as a profile file.",
    sortOptions = false,
    description = {"Apply a what-if (as 'socsim run --what-if') to a profile and write the changed profile. Running",
        "--soc P.json gives the same results as --soc S --what-if ... (the profile is the same, its notes name the",
        "change). Keys: " + WhatIf.KEYS + " (see 'socsim run --help').",
        "",
        "Example: socsim derive --soc redmi --what-if gpu.speed=2,link.cpu-gpu.scale=0.5 --out redmi-fast-gpu.json"})
final class DeriveCommand implements Callable<Integer> {
  @Option(names = "--soc", required = true, description = "Bundled profile name or a profile .json file")
  String soc;

  @Option(names = "--what-if", required = true, paramLabel = "KEY=VALUE[,KEY=VALUE]",
      description = "The changes, e.g. gpu.speed=2,dram.gbps=17")
  String whatIf;

  @Option(names = "--out", required = true, description = "Profile JSON to write (atomically)")
  Path out;

  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    if (whatIf.isBlank()) {
      throw new IllegalArgumentException("--what-if is empty: expected KEY=VALUE[,KEY=VALUE] (e.g. gpu.speed=2); a"
          + " profile without changes is the bundled one (--soc " + soc + ")");
    }
    if (Files.isDirectory(out)) {
      throw new IllegalArgumentException(out + ": is a directory (expected a profile .json file to write)");
    }
    SocProfile p = Workbench.profile(soc, whatIf);
    ProfileIo.write(p, out);
    spec.commandLine().getOut().println("derive: " + p.name() + " with " + WhatIf.parse(whatIf).text() + " -> " + out);
    return 0;
  }
}
