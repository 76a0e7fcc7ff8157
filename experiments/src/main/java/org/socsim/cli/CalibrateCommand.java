package org.socsim.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.socsim.profile.H100Calibrator;
import org.socsim.profile.HopeCalibrator;
import org.socsim.profile.OrtCalibrator;
import org.socsim.profile.ProfileIo;
import org.socsim.profile.SocProfile;
import org.socsim.traces.hope.HopeCatalog;
import java.util.List;
import java.util.Map;
import org.socsim.profile.NcnnCalibrator;
import org.socsim.profile.PhoneAnchor;
import org.socsim.traces.ncnn.NcnnBench;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "calibrate", mixinStandardHelpOptions = true, header = "Build a SoC profile from a trace folder (HOPE, h100-server, ONNX Runtime, ncnn-bench).", sortOptions = false,
    description = {"Build a SoC profile for one device from a trace folder. Layouts:",
        "  HOPE/MNN: models/<model>/<device>/... (layerwise latencies, data-trans tables, serial timelines);",
        "  h100-server: stages/<model>.stages.json (per-stage CPU/GPU latencies and copies) + profiles/;",
        "  ONNX Runtime profiles: ort_<model>_cpu_t<N>*.json, as 'socsim measure' writes them;",
        "  ncnn-bench: results.csv + models/*.param (published whole-model latencies of ~90 devices): --device is",
        "    text the device's heading contains (exactly one must match); units follow its settings (cpu-big =",
        "    big cluster, cpu-little = LITTLE, cpu = any core, gpu = Vulkan GPU), costs from the pooled cross-device",
        "    fit scaled to the device's own rows (only --models' rows when given).",
        "HOPE phones also get a feature cost model (any ONNX/ncnn model on every unit) when ../shared has",
        "ncnn-bench: the pooled per-layer shape scaled to the phone's own inception-v3 measurements.",
        "Prints the fitted copy costs and their residuals.",
        "",
        "Example: socsim calibrate --traces ../shared/traces/hope-mnn --device redmi --out redmi.json",
        "         socsim calibrate --traces ../shared/traces/h100-server --device h100-server --out h100.json",
        "         socsim calibrate --traces ../shared/traces/ncnn-bench --device 'Snapdragon 855' --out sd855.json"})
final class CalibrateCommand implements Callable<Integer> {
  @Option(names = "--traces", required = true, description = "Trace folder (holding models/)")
  Path traces;

  @Option(names = "--all", description = "ncnn-bench: write a profile for every device with at least "
      + NcnnCalibrator.MIN_ROWS + " rows in one setting into the folder --out (the bundled ncnn profiles)")
  boolean all;

  @Option(names = "--device", description = "HOPE: the device folder name (e.g. redmi); ncnn-bench: text its"
      + " heading contains (e.g. 'AGX Orin'); h100-server and ONNX Runtime folders hold one device: the name the"
      + " profile gets. Use the result with 'socsim run --soc FILE.json'")
  String device;

  @Option(names = "--models", split = ",", description = "ncnn-bench: use only these models' rows of the device"
      + " (e.g. squeezenet,mobilenet_v2); other devices' rows still shape the pooled fit")
  List<String> models;

  @Option(names = "--name", description = "ncnn-bench: profile name (default: ncnn- and the heading's first words)")
  String name;

  @Option(names = "--out", required = true, description = "Profile JSON to write")
  Path out;

  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    SocProfile p;
    if ((models != null || name != null) && !NcnnBench.accepts(traces)) {
      throw new IllegalArgumentException("--models and --name apply to the ncnn-bench layout only");
    }
    if (all) {
      if (!NcnnBench.accepts(traces) || device != null || models != null || name != null) {
        throw new IllegalArgumentException("--all applies to the ncnn-bench layout, without --device, --models or"
            + " --name");
      }
      if (java.nio.file.Files.exists(out) && !java.nio.file.Files.isDirectory(out)) {
        throw new IllegalArgumentException(out + ": exists and is not a directory (--all writes one profile per"
            + " device into the folder --out)");
      }
      NcnnCalibrator cal = new NcnnCalibrator(NcnnBench.read(traces));
      org.socsim.io.AtomicFiles.folder(out, "the folder --all writes one profile per device into");
      for (Map.Entry<String, String> d : cal.slugs().entrySet()) {
        long best = cal.table().entrySet().stream().filter(e -> e.getKey().device().equals(d.getKey()))
            .mapToLong(e -> e.getValue().size()).max().orElse(0);
        if (best < NcnnCalibrator.MIN_ROWS) {
          spec.commandLine().getOut().printf("skipped %s: at most %d models in one setting%n", d.getKey(), best);
          continue;
        }
        ProfileIo.write(cal.profile(d.getKey(), d.getValue(), null), out.resolve(d.getValue() + ".json"));
        spec.commandLine().getOut().println(d.getValue());
      }
      return 0;
    }
    if (device == null) {
      throw new IllegalArgumentException("--device is required (or --all for ncnn-bench)");
    }
    List<String> readNotes = List.of();
    if (NcnnBench.accepts(traces)) {
      NcnnBench bench = NcnnBench.read(traces);
      readNotes = bench.notes();
      NcnnCalibrator cal = new NcnnCalibrator(bench);
      String heading = cal.device(device);
      p = cal.profile(heading, name != null ? name : cal.slugs().get(heading), models);
    } else if (H100Calibrator.accepts(traces)) {
      p = new H100Calibrator(traces, device).build();
    } else if (java.nio.file.Files.isDirectory(traces.resolve("models"))) {
      p = phoneCostModels(new HopeCalibrator(HopeCatalog.scan(traces), device).build());
    } else if (OrtCalibrator.accepts(traces)) {
      p = new OrtCalibrator(traces, device).build();
    } else {
      throw new IllegalArgumentException(traces + ": not a known trace layout (expected models/ (HOPE), stages/"
          + " (h100-server), results.csv + models/*.param (ncnn-bench) or ort_<model>_cpu_t<N>*.json (socsim"
          + " measure))");
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
    var transferred = org.socsim.profile.CoexecDefault.get();
    if (p.coexec() == null && transferred != null) {
      o.println("  note: no co-executed calls measured: split and tiled ops will pay the " + transferred.source());
    }
    readNotes.forEach(n -> o.println("  note: " + traces.resolve("results.csv") + ": " + n));
    return 0;
  }

  /**
   * Attaches feature cost models to a HOPE phone: the pooled ncnn-bench shape per unit kind, scaled to the
   * phone's own inception-v3 measurements (its graph with shapes: the shared torchvision Inception v3 ONNX), or
   * to other bundled phones' scales by per-op ratios. Without ncnn-bench in ../shared the profile is unchanged.
   */
  static SocProfile phoneCostModels(SocProfile phone) {
    var root = SharedData.root();
    if (root.isEmpty() || !NcnnBench.accepts(root.get().resolve("traces/ncnn-bench"))) {
      return phone;
    }
    java.nio.file.Path v3 = root.get().resolve("traces/h100-server/graphs/inception_v3.graph-only.onnx");
    if (!java.nio.file.Files.isRegularFile(v3)) {
      return phone;
    }
    NcnnCalibrator cal = new NcnnCalibrator(NcnnBench.read(root.get().resolve("traces/ncnn-bench")));
    NcnnCalibrator.Fit fit = cal.fit((s, g) -> true);
    java.util.Map<NcnnBench.UnitKind, double[]> shape = new java.util.TreeMap<>();
    for (NcnnBench.UnitKind k : NcnnBench.UnitKind.values()) {
      if (fit.shape(k) != null) {
        shape.put(k, fit.shape(k));
      }
    }
    shape.putIfAbsent(NcnnBench.UnitKind.LITTLE, shape.get(NcnnBench.UnitKind.BIG));
    var graph = org.socsim.traces.onnx.OnnxGraphs.load(v3);
    List<PhoneAnchor.Anchor> anchors = List.of(new PhoneAnchor.Anchor("inception-v3", graph));
    List<SocProfile> phones = new java.util.ArrayList<>();
    phones.add(phone);
    for (String b : ProfileIo.bundled()) {
      SocProfile q = ProfileIo.load(b);
      if (!b.equals(phone.name()) && q.models().values().stream().anyMatch(t -> t.runtime().equals("MNN")
          || t.runtime().equals("ACL"))) {
        phones.add(q);
      }
    }
    return PhoneAnchor.attach(phones, shape, anchors).get(0);
  }
}
