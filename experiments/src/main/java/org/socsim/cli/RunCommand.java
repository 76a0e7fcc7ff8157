package org.socsim.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import org.socsim.engine.Simulation;
import org.socsim.plan.ExecutionPlan;
import org.socsim.replay.HopeReplay;
import org.socsim.result.RunResult;
import org.socsim.result.UnitStats;
import org.socsim.strategy.PlanContext;
import org.socsim.strategy.Strategies;
import org.socsim.strategy.Strategy;
import org.socsim.traces.AtomicFiles;
import org.socsim.traces.hope.DeviceMap;
import org.socsim.traces.hope.MeasuredTimeline;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "run", mixinStandardHelpOptions = true, header = "Simulate inference of a model (or several) on a SoC under a strategy.", sortOptions = false,
    description = {"Simulate one inference of a model on a SoC under a strategy.",
        "Prints end-to-end latency and per-unit utilisation; --json prints one object; --trace writes a",
        "Chrome trace (open in https://ui.perfetto.dev: one track per unit, one event per op and copy).",
        "",
        "Example: socsim run --soc redmi --model inception-v3 --strategy heft --trace t.json",
        "         socsim run --soc redmi --model inception-v3 --strategy replay \\",
        "           --plan ../shared/traces/hope-mnn/models/inception-v3/redmi/mDeviceMap-inception-v3-cpu-2.txt.op \\",
        "           --threads 2"})
final class RunCommand implements Callable<Integer> {
  @Option(names = "--soc", required = true, description = "Bundled profile name (see 'socsim list socs') or a profile .json file")
  String soc;

  @Option(names = "--model", required = true, description = {"Model name (see 'socsim list models'), a .dot, .onnx or",
      "ncnn .param file, ncnn:NAME for a shared ncnn-bench graph, or several separated by commas: a multi-DNN",
      "workload (jobs 1:a, 2:b, ...). Models without a per-op table on the profile are priced by its fitted",
      "feature cost model (--json: predicted_ops)"})
  String model;

  @Option(names = "--slo-ms", split = ",", description = "Per-job latency objectives for a multi-DNN workload, in --model order")
  List<Double> sloMs;

  @Option(names = "--strategy", required = true, description = "Strategy name (see 'socsim list strategies')")
  String strategy;

  @Option(names = "--threads", defaultValue = "4", description = "CPU threads per op (default: ${DEFAULT-VALUE}; profiles hold 1, 2, 4)")
  int threads;

  @Option(names = "--plan", description = "For --strategy replay: a HOPE device map (.txt.op) or a measured timeline (.csv)")
  Path plan;

  @Option(names = "--granularity", defaultValue = "op", description = {"Scheduling grain: model, subgraph:K (K",
      "consecutive ops), op (default) or tile:N (conv/FC ops cut into N channel tiles)"})
  String granularity;

  @Option(names = "--requests", defaultValue = "1", description = "Inference requests to run (default: ${DEFAULT-VALUE})")
  int requests;

  @Option(names = "--rate", defaultValue = "0", description = {"Request arrival rate in Hz; 0 = back to back",
      "(default: ${DEFAULT-VALUE})"})
  double rateHz;

  @Option(names = "--background", description = {"Work beside inference, comma-separated: ui:60hz:4ms (UI frames",
      "on the GPU, GPU ms per frame), cpu:2 or cpu-little:1 (busy background threads)"})
  String background;

  @Option(names = "--bandwidth", description = {"Shared DRAM bandwidth in GB/s (default: the profile's published",
      "figure when it has one, e.g. Snapdragon 855 34.13 GB/s; else unlimited)"})
  Double bandwidthGbps;

  @Option(names = "--governor", defaultValue = "performance",
      description = "DVFS governor: performance, powersave or schedutil (default: ${DEFAULT-VALUE}; 10 ms period)")
  String governor;

  @Option(names = "--zero-copy", description = "CPU and GPU share memory and layout: cross-unit copies cost nothing")
  boolean zeroCopy;

  @Option(names = "--reuse-copies", description = "Copy a tensor to a unit once and reuse it for every consumer there")
  boolean reuseCopies;

  @Option(names = "--thermal", description = "Thermal RC model with a 45 C trip point capping frequency")
  boolean thermal;

  @Option(names = "--seed", defaultValue = "1", description = "Seed for randomised strategies (default: ${DEFAULT-VALUE})")
  long seed;

  @Option(names = "--trace", description = "Write the Chrome trace-event JSON here")
  Path trace;

  @Option(names = "--json", description = "Print one JSON object instead of the table")
  boolean json;

  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() throws IOException {
    if (threads < 1) {
      throw new IllegalArgumentException("--threads must be >= 1, got " + threads);
    }
    Strategy s = Strategies.byName(strategy);
    if (plan != null && !s.name().equals("replay")) {
      throw new IllegalArgumentException("--plan applies to --strategy replay only");
    }
    Workbench loaded = Workbench.load(soc, model);
    int maxCores = loaded.soc().units().stream().filter(org.socsim.soc.Unit::isCpu)
        .mapToInt(org.socsim.soc.Unit::cores).max().orElse(threads);
    if (threads > maxCores) {
      throw new IllegalArgumentException("--threads " + threads + " exceeds the largest CPU cluster of "
          + loaded.profile().name() + " (" + maxCores + " cores)");
    }
    org.socsim.strategy.Granularity gr = org.socsim.strategy.Granularity.apply(loaded.graph(), loaded.cost(),
        granularity, loaded.soc());
    org.socsim.soc.Soc socModel = zeroCopy ? new org.socsim.soc.Soc(loaded.soc().name(), loaded.soc().units(),
        org.socsim.soc.TransferModel.FREE) : loaded.soc();
    Workbench wb = new Workbench(loaded.profile(), gr.graph(), socModel, gr.cost(), loaded.notes());
    predictedOps = loaded.predictedOps();
    PlanContext ctx = context(wb);
    ExecutionPlan p = s.plan(wb.graph(), wb.soc(), ctx);
    if (reuseCopies) {
      p = p.reuseCopies(wb.soc());
    }
    if (requests < 1 || rateHz < 0) {
      throw new IllegalArgumentException("--requests must be >= 1 and --rate >= 0");
    }
    org.socsim.engine.Workload workload = Background.parse(background, wb.soc(), requests,
        rateHz > 0 ? 1e6 / rateHz : 0);
    RunResult r = new Simulation(wb.graph(), wb.soc(), p, wb.cost(), workload,
        Platform.dynamics(wb.soc(), bandwidthGbps != null ? bandwidthGbps : wb.profile().platform() == null ? null
            : wb.profile().platform().dramGbps(), governor, thermal)).run();
    if (trace != null) {
      writeTrace(r, wb);
    }
    var out = spec.commandLine().getOut();
    List<String> notes = new ArrayList<>(wb.notes());
    notes.addAll(p.notes());
    if (json) {
      out.println(Json.write(asJson(wb, p, r, notes)));
    } else {
      out.printf("soc %s  model %s (%d ops, %d edges)  strategy %s  threads %d%n", wb.profile().name(),
          wb.graph().name(), wb.graph().size(), wb.graph().edges().size(), s.name(), threads);
      out.printf("latency %.3f ms   transfers %d   fallbacks %d   partitions %d   predicted ops %d%n",
          r.latencyMs(), p.transfers().size(), p.fallbacks().size(), p.partitions(), predictedOps);
      if (requests > 1) {
        Map<String, Object> st = streamStats(r);
        out.printf("requests %d  p50 %.3f ms  p90 %.3f ms  p99 %.3f ms  throughput %.2f/s%n", requests,
            st.get("latency_p50_ms"), st.get("latency_p90_ms"), st.get("latency_p99_ms"), st.get("throughput_per_s"));
      }
      if (r.framesTotal() > 0) {
        out.printf("UI frames %d  dropped %d (%.1f%%)%n", r.framesTotal(), r.framesDropped(),
            100.0 * r.framesDropped() / r.framesTotal());
      }
      out.printf("energy %.3f mJ%s%n", r.energyMj(), thermal ? String.format(java.util.Locale.ROOT,
          "   peak temperature %.1f C", r.peakTempC()) : "");
      out.printf("%-12s %6s %7s %10s %8s %10s%n", "unit", "ops", "copies", "busy_ms", "util", "energy_mJ");
      for (UnitStats u : r.units()) {
        out.printf("%-12s %6d %7d %10.3f %7.1f%% %10.3f%n", u.unit(), u.ops(), u.transfers(), u.busyUs() / 1000.0,
            100.0 * u.utilisation(), u.energyMj());
      }
      for (String n : notes) {
        out.println("note: " + n);
      }
      if (trace != null) {
        out.println("trace: " + trace + " (" + r.timeline().spans().size() + " events)");
      }
    }
    return 0;
  }

  private PlanContext context(Workbench wb) {
    if (plan == null) {
      return new PlanContext(threads, wb.cost(), seed, Map.of(), List.of(), null, slos(wb));
    }
    String name = plan.getFileName().toString();
    if (name.endsWith(".op") || name.endsWith(".txt")) {
      DeviceMap m = DeviceMap.read(plan);
      Map<String, String> placement = new LinkedHashMap<>();
      m.codes().forEach((op, code) -> placement.put(op, DeviceMap.unitOf(code)));
      return new PlanContext(threads, wb.cost(), seed, placement, List.copyOf(m.codes().keySet()), null);
    }
    MeasuredTimeline t = MeasuredTimeline.read(plan);
    HopeReplay.RecordedPlan rec = HopeReplay.recorded(t.runs().get(0), "cpu-big");
    Set<String> copyAt = rec.copyAt();
    return new PlanContext(threads, wb.cost(), seed, rec.placement(), rec.issueOrder(), copyAt);
  }

  /** Request latency percentiles (HdrHistogram, 3 significant digits) and throughput. */
  private static Map<String, Object> streamStats(RunResult r) {
    org.HdrHistogram.Histogram h = new org.HdrHistogram.Histogram(3);
    for (double us : r.requestLatencyUs()) {
      h.recordValue(Math.max(1, Math.round(us)));
    }
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("latency_p50_ms", Json.r3(h.getValueAtPercentile(50) / 1000.0));
    m.put("latency_p90_ms", Json.r3(h.getValueAtPercentile(90) / 1000.0));
    m.put("latency_p99_ms", Json.r3(h.getValueAtPercentile(99) / 1000.0));
    m.put("latency_max_ms", Json.r3(h.getMaxValue() / 1000.0));
    m.put("throughput_per_s", Json.r3(r.requestLatencyUs().size() / (r.latencyUs() / 1e6)));
    return m;
  }

  /** Job prefix (k:model) to SLO in us, from --slo-ms. */
  private Map<String, Double> slos(Workbench wb) {
    if (sloMs == null || sloMs.isEmpty()) {
      return Map.of();
    }
    List<String> jobs = jobs(wb);
    if (sloMs.size() != jobs.size()) {
      throw new IllegalArgumentException("--slo-ms has " + sloMs.size() + " values for " + jobs.size() + " models");
    }
    Map<String, Double> out = new LinkedHashMap<>();
    for (int i = 0; i < jobs.size(); i++) {
      out.put(jobs.get(i), sloMs.get(i) * 1000.0);
    }
    return out;
  }

  private static List<String> jobs(Workbench wb) {
    return wb.graph().ops().stream().map(org.socsim.strategy.MultiDnnStrategy::job).distinct().toList();
  }

  private void writeTrace(RunResult r, Workbench wb) throws IOException {
    Map<String, String> meta = new LinkedHashMap<>();
    meta.put("soc", wb.profile().name());
    meta.put("model", wb.graph().name());
    meta.put("strategy", strategy);
    meta.put("threads", Integer.toString(threads));
    AtomicFiles.write(trace, w -> r.timeline().writeChromeTrace(w, meta));
  }

  /** Ops of the model priced by the fitted feature cost model instead of a measured table. */
  private int predictedOps;

  private Map<String, Object> asJson(Workbench wb, ExecutionPlan p, RunResult r, List<String> notes) {
    Map<String, Object> o = new LinkedHashMap<>();
    o.put("soc", wb.profile().name());
    o.put("model", wb.graph().name());
    o.put("strategy", strategy);
    o.put("threads", threads);
    o.put("granularity", granularity);
    o.put("seed", seed);
    o.put("latency_ms", Json.r3(r.latencyMs()));
    o.put("ops", wb.graph().size());
    o.put("predicted_ops", predictedOps);
    o.put("transfers", p.transfers().size());
    o.put("fallbacks", p.fallbacks().size());
    o.put("requests", requests);
    if (requests > 1) {
      o.putAll(streamStats(r));
    }
    o.put("energy_mj", Json.r3(r.energyMj()));
    if (thermal) {
      o.put("peak_temp_c", Json.r3(r.peakTempC()));
    }
    o.put("frames_total", r.framesTotal());
    o.put("frames_dropped", r.framesDropped());
    o.put("partitions", p.partitions());
    if (p.graph().size() != wb.graph().size()) {
      o.put("slices", p.graph().ops().stream().filter(org.socsim.graph.Op::isSlice).count());
    }
    List<Map<String, Object>> units = new ArrayList<>();
    for (UnitStats u : r.units()) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("unit", u.unit());
      m.put("ops", u.ops());
      m.put("transfers", u.transfers());
      m.put("busy_ms", Json.r3(u.busyUs() / 1000.0));
      m.put("utilisation", Json.r3(u.utilisation()));
      m.put("energy_mj", Json.r3(u.energyMj()));
      m.put("peak_memory_bytes", Math.round(u.peakMemoryBytes()));
      units.add(m);
    }
    o.put("units", units);
    List<String> jobs = jobs(wb);
    if (jobs.size() > 1) {
      Map<String, Double> finish = new LinkedHashMap<>();
      for (var sp : r.timeline().spans()) {
        int bar = sp.name().indexOf('|');
        if (!sp.kind().equals("transfer") && bar > 0) {
          finish.merge(sp.name().substring(0, bar), sp.endUs(), Math::max);
        }
      }
      Map<String, Double> slo = slos(wb);
      List<Map<String, Object>> js = new ArrayList<>();
      for (String j : jobs) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("job", j);
        m.put("finish_ms", Json.r3(finish.getOrDefault(j, 0.0) / 1000));
        if (slo.containsKey(j)) {
          m.put("slo_ms", Json.r3(slo.get(j) / 1000));
          m.put("slo_met", finish.getOrDefault(j, 0.0) <= slo.get(j));
        }
        js.add(m);
      }
      o.put("jobs", js);
    }
    o.put("notes", notes);
    return o;
  }
}
