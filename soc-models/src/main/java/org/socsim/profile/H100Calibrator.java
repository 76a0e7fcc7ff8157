package org.socsim.profile;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.apache.commons.math3.stat.regression.SimpleRegression;
import org.socsim.soc.CoexecFit;
import org.socsim.traces.TraceFormatException;
import org.socsim.traces.h100.Coexec;
import org.socsim.traces.h100.Stages;

/**
 * Builds a profile from the h100-server layout ({@code stages/<model>.stages.json}): a CPU unit with the
 * measured thread counts, a GPU, per-stage latency tables, and PCIe copy costs fitted as
 * {@code fixed + per-byte} on every stage's measured host-to-device and device-to-host copy; with
 * {@code coexec/layers.coexec.json}, the per-call overhead of CPU+GPU channel-split co-execution ({@link CoexecFit},
 * fitted by {@link CoexecFitter}).
 */
public final class H100Calibrator {
  /** Name of the zero-cost source op that holds the model input in host memory. */
  public static final String INPUT = "input";
  private static final List<Integer> THREADS = List.of(1, 4, 16);
  /** Measured channel-split co-execution calls, relative to the trace root. */
  public static final String COEXEC = "coexec/layers.coexec.json";

  private final Path root;
  private final String device;
  private final List<String> notes = new ArrayList<>();

  public H100Calibrator(Path root, String device) {
    this.root = root;
    this.device = device;
  }

  /** Whether {@code dir} looks like the h100-server layout. */
  public static boolean accepts(Path dir) {
    return Files.isDirectory(dir.resolve("stages"));
  }

  public SocProfile build() {
    List<Path> files = stageFiles();
    if (files.isEmpty()) {
      throw new TraceFormatException(root.resolve("stages"), 0, "expected <model>.stages.json files");
    }
    Map<String, SocProfile.ModelTable> models = new TreeMap<>();
    SimpleRegression h2d = new SimpleRegression(true);
    SimpleRegression d2h = new SimpleRegression(true);
    List<double[]> h2dPts = new ArrayList<>();
    List<double[]> d2hPts = new ArrayList<>();
    List<String> sources = new ArrayList<>();
    for (Path f : files) {
      Stages st = Stages.read(f);
      sources.add(root.relativize(f).toString());
      Map<String, Map<String, List<Double>>> ops = new LinkedHashMap<>();
      Map<String, Long> out = new LinkedHashMap<>();
      Map<String, List<Double>> free = new LinkedHashMap<>();
      free.put("cpu", List.of(0.0, 0.0, 0.0));
      free.put("gpu", List.of(0.0));
      ops.put(INPUT, free); // ordered map: profile JSON must come out byte-identical
      out.put(INPUT, st.stages().get(0).inBytes());
      for (Stages.Stage s : st.stages()) {
        Map<String, List<Double>> byUnit = new LinkedHashMap<>();
        byUnit.put("cpu", List.of(us(s.cpuT1Ms()), us(s.cpuT4Ms()), us(s.cpuT16Ms())));
        byUnit.put("gpu", List.of(us(s.gpuMinMs()))); // fastest synchronised run: see GpuQueueFitter
        ops.put(s.name(), byUnit);
        out.put(s.name(), s.outBytes());
        h2d.addData(s.inBytes(), us(s.h2dMs()));
        d2h.addData(s.inBytes(), us(s.d2hMs()));
        h2dPts.add(new double[] {s.inBytes(), us(s.h2dMs())});
        d2hPts.add(new double[] {s.inBytes(), us(s.d2hMs())});
      }
      models.put(st.model(), new SocProfile.ModelTable("PyTorch", ops, List.of(), Map.of(), Map.of(), out, null));
    }
    Map<String, SocProfile.LinkSpec> links = new TreeMap<>();
    links.put("cpu->gpu", link("cpu", "gpu", h2d, h2dPts));
    links.put("gpu->cpu", link("gpu", "cpu", d2h, d2hPts));
    List<SocProfile.UnitSpec> units = List.of(
        new SocProfile.UnitSpec("cpu", "CPU", 16, 1, 0.0, THREADS),
        new SocProfile.UnitSpec("gpu", "GPU", 1, 1, 0.0, List.of(1)));
    notes.add("stage latencies are medians of synchronised single-stage runs (GPU: the fastest of them, see the GPU"
        + " queue); dispatch overhead is inside them");
    Map<String, SocProfile.UnitCostSpec> costModels = null;
    if (OrtCalibrator.accepts(root)) {
      var profiles = OrtCalibrator.readAll(root);
      costModels = Map.of("cpu", new SocProfile.UnitCostSpec(CostFitter.fit(OrtCalibrator.samples(profiles)),
          OrtCalibrator.dispatchUs(profiles)));
      profiles.forEach(p -> sources.add(root.relativize(p.file()).toString()));
      notes.add("cpu feature cost model fitted on " + profiles.size() + " ONNX Runtime profiles (profiles/)");
    }
    CoexecFit.Spec coexec = null;
    Path coexecFile = root.resolve(COEXEC);
    if (Files.isRegularFile(coexecFile)) {
      List<CoexecFitter.Sample> rows = CoexecFitter.samples(Coexec.read(coexecFile), links);
      if (!rows.isEmpty()) {
        coexec = CoexecFitter.fit(rows, COEXEC + " interior fractions");
        sources.add(COEXEC);
        notes.add(CoexecFitter.describe(coexec));
      }
    }
    SocProfile p = new SocProfile(SocProfile.SCHEMA, device, "Calibrated from h100-server stage traces ("
        + models.size() + " models): 16-core Xeon + H100, PCIe copies", sources, units, links, models, costModels,
        null, List.copyOf(notes), coexec);
    List<GpuQueueFitter.Sample> whole = GpuQueueFitter.samples(root, p);
    SocProfile.GpuQueueSpec queue = GpuQueueFitter.fit(whole, null, "splits/ whole-GPU plans vs stages/");
    if (queue != null) {
      notes.add(GpuQueueFitter.describe(queue));
      GpuQueueFitter.residuals(whole, queue).forEach(r -> notes.add("  " + r));
      List<String> src = new ArrayList<>(sources);
      whole.stream().map(GpuQueueFitter.Sample::file).distinct().forEach(src::add);
      p = new SocProfile(p.schema(), p.name(), p.description(), List.copyOf(src), p.units(), p.links(), p.models(),
          p.costModels(), p.platform(), List.copyOf(notes), p.coexec(), queue);
    }
    return PlatformAssumptions.complete(p, PlatformAssumptions.CALIBRATED);
  }

  public List<String> notes() {
    return notes;
  }

  private SocProfile.LinkSpec link(String from, String to, SimpleRegression reg, List<double[]> pts) {
    double mean = pts.stream().mapToDouble(p -> p[1]).average().orElse(0);
    double worst = 0;
    for (double[] p : pts) {
      double pred = reg.getIntercept() + reg.getSlope() * p[0];
      worst = Math.max(worst, Math.abs(pred - p[1]) / p[1]);
    }
    notes.add(String.format(java.util.Locale.ROOT, "%s->%s copy fit: %.1f us + %.3f us/MB, R^2 %.3f, worst "
        + "relative residual %.0f%% over %d stage copies", from, to, reg.getIntercept(), reg.getSlope() * 1e6,
        reg.getRSquare(), 100 * worst, pts.size()));
    return new SocProfile.LinkSpec(from, to, round(reg.getIntercept()), reg.getSlope(), round(mean), pts.size(),
        round(reg.getRSquare()));
  }

  private List<Path> stageFiles() {
    try (Stream<Path> s = Files.list(root.resolve("stages"))) {
      return s.filter(p -> p.getFileName().toString().endsWith(".stages.json")).sorted().toList();
    } catch (IOException e) {
      throw new TraceFormatException(root.resolve("stages"), 0, "cannot list: " + e.getMessage());
    }
  }

  private static double us(double ms) {
    return round(ms * 1000.0);
  }

  private static double round(double v) {
    return Math.round(v * 1000.0) / 1000.0;
  }
}
