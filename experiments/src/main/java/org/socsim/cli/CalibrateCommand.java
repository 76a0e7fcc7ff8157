package org.socsim.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.socsim.profile.H100Calibrator;
import org.socsim.profile.HopeCalibrator;
import org.socsim.profile.OrtCalibrator;
import org.socsim.profile.ProfileIo;
import org.socsim.profile.SocProfile;
import org.socsim.traces.hope.HopeCatalog;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "calibrate", mixinStandardHelpOptions = true, header = "Build a SoC profile from a trace folder (HOPE, h100-server, ONNX Runtime).", sortOptions = false,
    description = {"Build a SoC profile for one device from a trace folder. Layouts:",
        "  HOPE/MNN: models/<model>/<device>/... (layerwise latencies, data-trans tables, serial timelines);",
        "  h100-server: stages/<model>.stages.json (per-stage CPU/GPU latencies and copies) + profiles/;",
        "  ONNX Runtime profiles: ort_<model>_cpu_t<N>*.json, as 'socsim measure' writes them.",
        "Prints the fitted copy costs and their residuals.",
        "",
        "Example: socsim calibrate --traces ../shared/traces/hope-mnn --device redmi --out redmi.json",
        "         socsim calibrate --traces ../shared/traces/h100-server --device h100-server --out h100.json"})
final class CalibrateCommand implements Callable<Integer> {
  @Option(names = "--traces", required = true, description = "Trace folder (holding models/)")
  Path traces;

  @Option(names = "--device", required = true, description = "Device folder name, e.g. redmi")
  String device;

  @Option(names = "--out", required = true, description = "Profile JSON to write")
  Path out;

  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    SocProfile p;
    if (H100Calibrator.accepts(traces)) {
      p = new H100Calibrator(traces, device).build();
    } else if (java.nio.file.Files.isDirectory(traces.resolve("models"))) {
      p = new HopeCalibrator(HopeCatalog.scan(traces), device).build();
    } else if (OrtCalibrator.accepts(traces)) {
      p = new OrtCalibrator(traces, device).build();
    } else {
      throw new IllegalArgumentException(traces + ": not a known trace layout (expected models/ (HOPE), stages/"
          + " (h100-server) or ort_<model>_cpu_t<N>*.json (socsim measure))");
    }
    ProfileIo.write(p, out);
    var o = spec.commandLine().getOut();
    o.printf("wrote %s: %d units, %d models, %d source files%n", out, p.units().size(), p.models().size(),
        p.sources().size());
    for (SocProfile.UnitSpec u : p.units()) {
      o.printf("  unit %-11s cores %d  dispatch %.1f us%n", u.id(), u.cores(), u.dispatchUs());
    }
    p.links().forEach((k, l) -> o.printf("  link %-9s %.1f us + %.3e us/B (R^2 %.2f over %d copies; unknown shape %.1f us)%n",
        k, l.fixedUs(), l.usPerByte(), l.r2(), l.samples(), l.unknownShapeUs()));
    for (String n : p.notes()) {
      o.println("  note: " + n);
    }
    return 0;
  }
}
