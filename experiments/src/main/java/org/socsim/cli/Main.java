package org.socsim.cli;

import java.io.PrintWriter;
import org.socsim.traces.TraceFormatException;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code socsim} command line. Exit codes: 0 ok, 1 a check failed, 2 bad input or usage. */
@Command(name = "socsim", mixinStandardHelpOptions = true, version = "socsim 0.1.0",
    description = {
        "Discrete-event simulator of heterogeneous mobile SoCs (CPU big/LITTLE, GPU, NPU) running DNN inference.",
        "Profiles are calibrated from real device traces; strategies decide where each operator runs.",
        "",
        "The study:   socsim reproduce --out study        (tables, figures, study/report.html)",
        "Start with:  socsim list socs   socsim list models   socsim list strategies",
        "Then:        socsim run --soc redmi --model inception-v3 --strategy heft --trace t.json",
        "             (open t.json at https://ui.perfetto.dev)",
        "Unmeasured:  socsim run --soc redmi --model ../shared/models/mobilenet_v2.onnx --strategy heft",
        "             (any .onnx or ncnn .param on any profile: ops without measurements are predicted)",
        "Check:       socsim validate --measured ../shared/traces/hope-mnn",
        "             socsim validate --measured ../shared/traces/ncnn-bench --holdout model   (unseen models)",
        "             socsim validate --measured ../shared/traces/h100-server --kind coexec    (CPU+GPU splits)",
        "Exit codes:  0 ok, 1 a check failed (gate, regression), 2 bad input (one line naming file:line),",
        "             3 the ./socsim launcher could not build the CLI"},
    subcommands = {ListCommand.class, RunCommand.class, CalibrateCommand.class, ValidateCommand.class,
        CrossvalCommand.class, MeasureCommand.class, ContentionCommand.class, SweepCommand.class, ReproduceCommand.class, RegressCommand.class,
        CompareCommand.class, DeriveCommand.class,
        CommandLine.HelpCommand.class})
public final class Main implements Runnable {
  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  public static void main(String[] args) {
    System.exit(execute(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true)));
  }

  /**
   * A usage error on one line: picocli's message, the closest known option or subcommand when a word is mistyped,
   * and where the usage is.
   */
  static String usageError(CommandLine.ParameterException ex) {
    String msg = ex.getMessage().strip().replace('\n', ' ');
    if (ex instanceof CommandLine.UnmatchedArgumentException u && !u.getUnmatched().isEmpty()) {
      String word = u.getUnmatched().get(0);
      java.util.List<String> known = new java.util.ArrayList<>();
      CommandLine.Model.CommandSpec cs = ex.getCommandLine().getCommandSpec();
      cs.options().forEach(o -> known.addAll(java.util.List.of(o.names())));
      known.addAll(cs.subcommands().keySet());
      if (!word.startsWith("-") && !cs.subcommands().isEmpty()) {
        msg = "unknown command '" + word + "'; commands: " + String.join(", ", cs.subcommands().keySet());
      }
      msg += org.socsim.sweep.SweepSpec.closest(word.contains("=") ? word.substring(0, word.indexOf('=')) : word,
          known);
    }
    return msg + " (usage: " + ex.getCommandLine().getCommandSpec().qualifiedName() + " --help)";
  }

  /** Runs the CLI with the given streams; returns the exit code (used by tests). */
  public static int execute(String[] args, PrintWriter out, PrintWriter err) {
    // Numbers print the same on every machine: a German or French default locale would write decimal commas into
    // the text tables that scripts and notebooks read.
    java.util.Locale.setDefault(java.util.Locale.ROOT);
    CommandLine cl = new CommandLine(new Main());
    cl.setUsageHelpWidth(120);
    cl.setOut(out);
    cl.setErr(err);
    cl.setExecutionExceptionHandler((ex, line, parsed) -> {
      if (ex instanceof TraceFormatException || ex instanceof IllegalArgumentException
          || ex instanceof java.io.UncheckedIOException) {
        err.println("socsim: " + ex.getMessage());
        err.flush();
        return 2;
      }
      throw ex;
    });
    cl.setParameterExceptionHandler((ex, a) -> {
      err.println("socsim: " + usageError(ex));
      err.flush();
      return 2;
    });
    int code = cl.execute(args);
    out.flush();
    err.flush();
    return code;
  }
}
