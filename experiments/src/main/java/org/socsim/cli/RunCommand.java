package org.socsim.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.socsim.plan.ExecutionPlan;
import org.socsim.result.RunResult;
import org.socsim.result.UnitStats;
import org.socsim.scenario.Scenario;
import org.socsim.scenario.ScenarioResult;
import org.socsim.scenario.Scenarios;
import org.socsim.scenario.Workbench;
import org.socsim.io.AtomicFiles;
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
        "           --threads 2",
        "         socsim run --soc redmi --model ../shared/models/mobilenet_v2.onnx --strategy heft   (never measured",
        "           on redmi: every op predicted)",
        "         socsim run --soc redmi --model inception-v3 --strategy channel-split --split-fraction 0.5"})
final class RunCommand implements Callable<Integer> {
  @Option(names = "--soc", required = true, description = "Bundled profile name (see 'socsim list socs') or a profile .json file")
  String soc;

  @Option(names = "--model", required = true, description = {"Model name (see 'socsim list models'),",
      "a .dot, .onnx or ncnn .param file, ncnn:NAME for a shared",
      "ncnn-bench graph, or several separated by commas: a multi-DNN",
      "workload (jobs 1:a, 2:b, ...). Ops without a measured per-op",
      "entry on the profile are priced by its fitted feature cost",
      "model (--json: predicted_ops)"})
  String model;

  @Option(names = "--slo-ms", split = ",", description = "Latency objectives in ms, one per --model in its order (one model: one value); "
      + "--json reports each job's slo_met, the text output whether each objective was met")
  List<Double> sloMs;

  @Option(names = "--strategy", required = true, description = "Strategy name (see 'socsim list strategies')")
  String strategy;

  @Option(names = "--threads", description = "CPU threads per op (default: 4, or the largest CPU cluster when it has"
      + " fewer cores; HOPE profiles hold 1, 2, 4)")
  Integer threads;

  @Option(names = {"-O", "--option"}, paramLabel = "NAME=VALUE", description = {"A typed option of the strategy,"
      + " repeatable (e.g. -O gpu-share=0.3 for channel-split/codl);", "'socsim list strategies' lists each"
      + " strategy's options"})
  List<String> strategyOptions;

  @Option(names = "--split-fraction", paramLabel = "F", description = {"With channel-split or codl: split every",
      "splittable op (conv, FC) at GPU share F (0..1) instead of the cost-balancing share;",
      "below 0.05 every such op runs whole on the CPU, above 0.95 whole on the GPU",
      "(other ops: the faster unit); the same as -O gpu-share=F"})
  Double splitFraction;

  @Option(names = "--plan", description = {"For --strategy replay: a plan file of --export-plan (.json),",
      "a HOPE device map (.txt.op) or a measured timeline (.csv)"})
  Path plan;

  @Option(names = "--what-if", paramLabel = "KEY=VALUE[,KEY=VALUE]", description = {
      "Run on a changed SoC (the profile transformed before the run). Keys:",
      "  <unit>.speed=F        op times on the unit divided by F (0.001..1000)",
      "  <unit>.cores=N        the unit's cores (a CPU cluster's power scales with them)",
      "  <unit>.dispatch_us=X  the unit's dispatch gap before each op",
      "  <unit>.power.scale=F  the unit's idle, static and dynamic power times F",
      "  dram.gbps=X           DRAM bandwidth of the profile (--bandwidth still wins)",
      "  link.<from>-<to>.scale=F  copy cost from unit kind <from> to <to> (cpu, gpu,",
      "                        npu, dsp; one direction), e.g. link.cpu-gpu.scale=0.5",
      "  corun.<kind>=S        slowdown S of units of that kind while the other side of",
      "                        the CPU/accelerator divide runs (redmi's is fitted: cpu",
      "                        0.031, gpu 0.048; corun.cpu=0,corun.gpu=0 turns it off)",
      "<unit> is a unit id of the profile (cpu-big, gpu...); 'socsim derive' writes",
      "the changed profile"})
  String whatIf;

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

  @Option(names = "--json", description = {"Print one JSON object instead of the table",
      "(schema socsim-run/1, docs/run-json-schema.md)"})
  boolean json;

  @Option(names = "--ops", description = "With --json: add op_times, every op's unit, start and end (us)")
  boolean ops;

  @Option(names = "--export-plan", paramLabel = "P.json", description = {"Write the executed plan (schema",
      "socsim-plan/1, docs/plan-schema.md); --strategy replay --plan P.json",
      "runs it again"})
  Path exportPlan;

  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() throws IOException {
    if (threads != null && threads < 1) {
      throw new IllegalArgumentException("--threads must be >= 1, got " + threads);
    }
    if (bandwidthGbps != null && !(bandwidthGbps > 0 && bandwidthGbps < Double.POSITIVE_INFINITY)) {
      throw new IllegalArgumentException("--bandwidth must be a finite number > 0 GB/s, got " + bandwidthGbps);
    }
    List<String> opts = new java.util.ArrayList<>(strategyOptions == null ? List.of() : strategyOptions);
    if (splitFraction != null) {
      if (!strategy.equals("channel-split") && !strategy.equals("codl")) {
        throw new IllegalArgumentException("--split-fraction applies to --strategy channel-split or codl, not '"
            + strategy + "'");
      }
      if (!(splitFraction >= 0 && splitFraction <= 1)) {
        throw new IllegalArgumentException("--split-fraction is the GPU share of each split op, in [0, 1]; got "
            + splitFraction);
      }
      opts.add("gpu-share=" + splitFraction);
    }
    Scenario sc = Scenario.builder(soc, model, strategy).granularity(granularity)
        .threads(threads == null ? Scenarios.DEFAULT_THREADS : threads).seed(seed)
        .requests(requests).rateHz(rateHz).background(background).governor(governor).bandwidthGbps(bandwidthGbps)
        .thermal(thermal).zeroCopy(zeroCopy).reuseCopies(reuseCopies).sloMs(sloMs).plan(plan)
        .options(String.join(";", opts)).whatIf(whatIf)
        .timeline(trace != null || ops).build();
    if (ops && !json) {
      throw new IllegalArgumentException("--ops adds per-op times to --json output: give --json too");
    }
    ScenarioResult res = Scenarios.run(sc);
    threads = res.scenario().threads();
    Workbench wb = res.workbench();
    ExecutionPlan p = res.plan();
    RunResult r = res.result();
    if (exportPlan != null) {
      org.socsim.scenario.PlanFile.write(exportPlan, res);
    }
    if (trace != null) {
      writeTrace(r, wb);
    }
    var out = spec.commandLine().getOut();
    List<String> notes = res.notes();
    if (json) {
      out.println(Json.write(RunJson.of(res, ops)));
    } else {
      out.printf("soc %s  model %s (%d ops, %d edges)  strategy %s  threads %d%n", wb.profile().name(),
          wb.graph().name(), wb.graph().size(), wb.graph().edges().size(), strategy, threads);
      out.printf("latency %.3f ms   transfers %d   fallbacks %d   partitions %d   predicted ops %d%n",
          r.latencyMs(), res.transfersPerRequest(), p.fallbacks().size(), p.partitions(), res.predictedOps());
      if (requests > 1) {
        Map<String, Object> st = streamStats(res);
        out.printf("requests %d  p50 %.3f ms  p90 %.3f ms  p99 %.3f ms  throughput %.2f/s%n", requests,
            st.get("latency_p50_ms"), st.get("latency_p90_ms"), st.get("latency_p99_ms"), st.get("throughput_per_s"));
      }
      if (r.framesTotal() > 0) {
        out.printf("UI frames %d  dropped %d (%.1f%%)%n", r.framesTotal(), r.framesDropped(),
            100.0 * r.framesDropped() / r.framesTotal());
      }
      out.printf("energy %.3f mJ%s%s%n", r.energyMj(), requests > 1 ? String.format(java.util.Locale.ROOT,
          " (whole run; %.3f mJ per request, as a sweep's energy_mj)", res.energyPerRequestMj()) : "",
          thermal ? String.format(java.util.Locale.ROOT,
          "   peak temperature %.1f C", r.peakTempC()) : "");
      out.printf("%-12s %6s %7s %10s %8s %10s%n", "unit", "ops", "copies", "busy_ms", "util", "energy_mJ");
      for (UnitStats u : r.units()) {
        out.printf("%-12s %6d %7d %10.3f %7.1f%% %10.3f%n", u.unit(), u.ops(), u.transfers(), u.busyUs() / 1000.0,
            100.0 * u.utilisation(), u.energyMj());
      }
      Boolean met = res.objectivesMet();
      if (met != null) {
        for (ScenarioResult.Job j : res.jobs()) {
          out.printf("objective %s: %s %s %.3f ms against %.3f ms%n", j.sloMet() ? "met" : "MISSED",
              j.name().isEmpty() ? wb.graph().name() : j.name(), requests > 1 ? "slowest of " + requests
              + " requests took" : "finished at", j.finishUs() / 1000.0, j.sloUs() / 1000.0);
        }
      }
      for (String n : notes) {
        out.println("note: " + n);
      }
      if (trace != null) {
        out.println("trace: " + trace + " (" + r.timeline().spans().size() + " op, copy and frame spans)");
      }
    }
    return 0;
  }

  /** Request latency percentiles (nearest rank, {@link ScenarioResult#percentile}) and throughput. */
  private static Map<String, Object> streamStats(ScenarioResult res) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("latency_p50_ms", Json.r3(res.requestLatencyMs(0.50)));
    m.put("latency_p90_ms", Json.r3(res.requestLatencyMs(0.90)));
    m.put("latency_p99_ms", Json.r3(res.requestLatencyMs(0.99)));
    m.put("latency_max_ms", Json.r3(res.requestLatencyMs(1.0)));
    m.put("throughput_per_s", Json.r3(res.throughputPerS()));
    return m;
  }

  private void writeTrace(RunResult r, Workbench wb) throws IOException {
    Map<String, String> meta = new LinkedHashMap<>();
    meta.put("soc", wb.profile().name());
    meta.put("model", wb.graph().name());
    meta.put("strategy", strategy);
    meta.put("threads", Integer.toString(threads));
    AtomicFiles.write(trace, w -> r.timeline().writeChromeTrace(w, meta));
  }
}
