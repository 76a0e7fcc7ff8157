package org.socsim.cli;

import java.util.Map;
import java.util.concurrent.Callable;
import org.socsim.profile.ProfileIo;
import org.socsim.profile.SocProfile;
import org.socsim.strategy.Strategies;
import org.socsim.strategy.Strategy;
import org.socsim.traces.Csv;
import org.socsim.traces.TraceFormatException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

@Command(name = "list", mixinStandardHelpOptions = true, header = "List bundled SoC profiles, known models, strategies, or operator support.",
    description = {"socs: bundled profiles with their SoC text (HOPE phones, h100-server, ncnn-bench devices);",
        "models: bundled and shared graphs; strategies: each with its options; support: which ops each unit runs."})
final class ListCommand implements Callable<Integer> {
  enum What { socs, models, strategies, support }

  @Parameters(index = "0", description = "What to list: ${COMPLETION-CANDIDATES}")
  What what;

  @picocli.CommandLine.Option(names = "--details", description = "models: import each ONNX and ncnn graph and print"
      + " ops, multiply-accumulates, FLOPs and parameters")
  boolean details;

  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  /**
   * Operator support per bundled profile (ops each unit can run, per model: the data the strategies fall back on)
   * and, as a published reference, NPU layer coverage from Qualcomm AI Hub for the models socsim has graphs of.
   */
  private void support(java.io.PrintWriter out) {
    out.println("operator support in bundled profiles (ops the unit can run / ops in the model)");
    for (String name : ProfileIo.bundled()) {
      SocProfile p = ProfileIo.load(name);
      for (var m : p.models().entrySet()) {
        StringBuilder b = new StringBuilder();
        for (SocProfile.UnitSpec u : p.units()) {
          long ok = m.getValue().ops().values().stream().filter(c -> c.containsKey(u.id())).count()
              - (u.id().equals("gpu") ? m.getValue().gpuUnsupported().size() : 0);
          b.append(String.format(java.util.Locale.ROOT, "  %s %d/%d", u.id(), ok, m.getValue().ops().size()));
        }
        out.printf("%-16s %-22s%s%n", name, m.getKey(), b);
      }
    }
    var shared = SharedData.root().map(r -> r.resolve("traces/published/qai_hub_perf_all.csv"));
    if (shared.isEmpty() || !java.nio.file.Files.isRegularFile(shared.get())) {
      out.println("(published NPU coverage: ../shared/traces/published/qai_hub_perf_all.csv not found)");
      return;
    }
    out.println();
    out.println("published reference: Qualcomm AI Hub layers per compute unit (qai_hub_perf_all.csv), mean over devices");
    out.printf("%-20s %-22s %5s %8s %8s %8s %s%n", "model", "runtime", "rows", "npu_%", "gpu_%", "cpu_%",
        "rows with CPU fallback");
    java.util.Map<String, double[]> agg = new java.util.TreeMap<>();
    java.util.Set<String> ours = new java.util.HashSet<>(Workbench.onnxFiles().keySet());
    ours.add("vit");
    java.util.List<Csv.Row> rows = Csv.read(shared.get(), true);
    java.util.List<String> h = rows.isEmpty() ? java.util.List.of() : rows.get(0).fields();
    int model = h.indexOf("model_dir");
    int rt = h.indexOf("runtime");
    int npu = h.indexOf("layers_npu");
    int gpu = h.indexOf("layers_gpu");
    int cpu = h.indexOf("layers_cpu");
    int tot = h.indexOf("layers_total");
    if (Math.min(Math.min(Math.min(model, rt), Math.min(npu, gpu)), Math.min(cpu, tot)) < 0) {
      throw new TraceFormatException(shared.get(), rows.isEmpty() ? 0 : 1, "expected columns model_dir, runtime,"
          + " layers_total, layers_npu, layers_gpu and layers_cpu in the header");
    }
    for (Csv.Row f : rows.subList(1, rows.size())) {
      if (f.size() < h.size() || !ours.contains(f.get(model)) || f.get(tot).isEmpty() || f.get(tot).equals("0")) {
        continue;
      }
      double t = num(shared.get(), f, tot);
      double[] a = agg.computeIfAbsent(f.get(model) + " " + f.get(rt), k -> new double[5]);
      a[0]++;
      a[1] += num(shared.get(), f, npu) / t;
      a[2] += num(shared.get(), f, gpu) / t;
      a[3] += num(shared.get(), f, cpu) / t;
      a[4] += num(shared.get(), f, cpu) > 0 ? 1 : 0;
    }
    agg.forEach((k, a) -> out.printf("%-20s %-22s %5.0f %8.1f %8.1f %8.1f %.0f%n", k.split(" ")[0], k.split(" ")[1], a[0],
        100 * a[1] / a[0], 100 * a[2] / a[0], 100 * a[3] / a[0], a[4]));
  }

  /** A layer count of a row (empty: 0). */
  private static double num(java.nio.file.Path file, Csv.Row f, int col) {
    String s = f.get(col);
    try {
      return s.isEmpty() ? 0 : Double.parseDouble(s);
    } catch (NumberFormatException e) {
      throw new TraceFormatException(file, f.line(), "expected a number in column " + (col + 1) + ", found '" + s
          + "'");
    }
  }

  @Override
  public Integer call() {
    var out = spec.commandLine().getOut();
    if (details && what != What.models) {
      throw new IllegalArgumentException("--details applies to 'socsim list models', not '" + what + "'");
    }
    switch (what) {
      case socs -> {
        out.printf("%-40s %-26s %-8s %s%n", "soc", "units", "features", "measured models / device");
        for (String name : ProfileIo.bundled()) {
          SocProfile p = ProfileIo.load(name);
          String units = String.join(",", p.units().stream().map(SocProfile.UnitSpec::id).toList());
          String feat = p.costModels() == null || p.costModels().isEmpty() ? "-" : "any";
          String what = p.models().isEmpty() ? p.description() : String.join(",", p.models().keySet());
          out.printf("%-40s %-26s %-8s %s%n", name, units, feat, what);
        }
        out.println("features 'any': runs any ONNX/ncnn model with its fitted feature cost model;"
            + " '-': only its measured models");
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
        for (Map.Entry<String, java.nio.file.Path> m : Workbench.ncnnFiles().entrySet()) {
          String name = Workbench.onnxFiles().containsKey(m.getKey()) ? "ncnn:" + m.getKey() : m.getKey();
          if (!details) {
            out.printf("%-22s ncnn %s%n", name, m.getValue());
            continue;
          }
          var g = org.socsim.traces.ncnn.NcnnParam.read(m.getValue());
          double macs = g.ops().stream().mapToDouble(o -> o.features().macs()).sum();
          double flops = g.ops().stream().mapToDouble(o -> o.features().flops()).sum();
          long params = g.ops().stream().mapToLong(o -> o.features().params()).sum();
          out.printf("%-22s ncnn %4d ops %4d edges  %7.3f GMACs  %7.3f GFLOPs  %6.2f M params  %s%n", name,
              g.size(), g.edges().size(), macs / 1e9, flops / 1e9, params / 1e6, m.getValue().getFileName());
        }
      }
      case strategies -> {
        int w = Strategies.all().stream().mapToInt(s -> s.name().length()).max().orElse(12);
        String fmt = "%-" + w + "s ";
        for (Strategy s : Strategies.all()) {
          out.printf(fmt + "%s%n", s.name(), s.description());
          for (var o : s.options()) {
            if (!o.fromText() && !o.description().startsWith("set by --")) {
              continue; // set by the scenario pipeline itself (adaptive's observer), not by the user
            }
            out.printf(fmt + "  option %s: %s; %s%s%n", "", o.fromText() ? "-O " + o.name() + "=VALUE"
                : o.name(), o.type(), o.description(), o.defaultValue() == null ? "" : " (default "
                + o.defaultValue() + ")");
          }
        }
      }
      case support -> support(out);
      default -> throw new IllegalStateException();
    }
    return 0;
  }
}
