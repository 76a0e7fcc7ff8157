package org.socsim.cli;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.socsim.plan.ExecutionPlan;
import org.socsim.result.RunResult;
import org.socsim.result.Span;
import org.socsim.result.UnitStats;
import org.socsim.scenario.Scenario;
import org.socsim.scenario.ScenarioResult;
import org.socsim.scenario.Workbench;

/**
 * The object {@code socsim run --json} prints, schema {@value #SCHEMA} (docs/run-json-schema.md): every key in
 * every output, in a fixed order, null where it does not apply (one request has no percentiles, a run without
 * {@code --thermal} no peak temperature, a single model without {@code --slo-ms} no jobs, a run without {@code --ops}
 * no op times).
 */
final class RunJson {
  static final String SCHEMA = "socsim-run/1";

  private RunJson() {
  }

  static Map<String, Object> of(ScenarioResult res, boolean ops) {
    Scenario s = res.scenario();
    Workbench wb = res.workbench();
    ExecutionPlan p = res.plan();
    RunResult r = res.result();
    boolean stream = s.requests() > 1;
    Map<String, Object> o = new LinkedHashMap<>();
    o.put("schema", SCHEMA);
    o.put("soc", wb.profile().name());
    o.put("model", wb.graph().name());
    o.put("strategy", s.strategy());
    o.put("threads", s.threads());
    o.put("granularity", s.granularity());
    o.put("seed", s.seed());
    o.put("what_if", s.whatIf().isEmpty() ? null : org.socsim.profile.WhatIf.parse(s.whatIf()).text());
    o.put("options", s.options().isEmpty() ? null : s.options());
    o.put("latency_ms", Json.r3(r.latencyMs()));
    o.put("ops", wb.graph().size());
    o.put("predicted_ops", res.predictedOps());
    o.put("transfers", res.transfersPerRequest());
    o.put("fallbacks", p.fallbacks().size());
    o.put("requests", s.requests());
    o.put("latency_p50_ms", stream ? Json.r3(res.requestLatencyMs(0.50)) : null);
    o.put("latency_p90_ms", stream ? Json.r3(res.requestLatencyMs(0.90)) : null);
    o.put("latency_p99_ms", stream ? Json.r3(res.requestLatencyMs(0.99)) : null);
    o.put("latency_max_ms", stream ? Json.r3(res.requestLatencyMs(1.0)) : null);
    o.put("throughput_per_s", stream ? Json.r3(res.throughputPerS()) : null);
    o.put("energy_mj", Json.r3(r.energyMj()));
    o.put("peak_temp_c", s.thermal() ? Json.r3(r.peakTempC()) : null);
    o.put("frames_total", r.framesTotal());
    o.put("frames_dropped", r.framesDropped());
    o.put("partitions", p.partitions());
    o.put("slices", p.graph().size() != wb.graph().size()
        ? p.graph().ops().stream().filter(org.socsim.graph.Op::isSlice).count() : null);
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
    o.put("jobs", jobs(res));
    o.put("op_times", ops ? opTimes(r) : null);
    o.put("notes", res.notes());
    return o;
  }

  /**
   * Each job's finish and objective for a multi-DNN workload, or for a single model with an objective (one job
   * named after the model); null for a single model without one.
   */
  private static List<Map<String, Object>> jobs(ScenarioResult res) {
    List<ScenarioResult.Job> jobs = res.jobs();
    if (jobs.size() <= 1 && jobs.stream().allMatch(j -> j.sloUs() == null)) {
      return null;
    }
    List<Map<String, Object>> js = new ArrayList<>();
    for (ScenarioResult.Job j : jobs) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("job", j.name().isEmpty() ? res.workbench().graph().name() : j.name());
      m.put("finish_ms", Json.r3(j.finishUs() / 1000));
      m.put("slo_ms", j.sloUs() == null ? null : Json.r3(j.sloUs() / 1000));
      m.put("slo_met", j.sloUs() == null ? null : j.sloMet());
      js.add(m);
    }
    return js;
  }

  /** Every op's span of the run's timeline in start order (copies and UI frames left out). */
  private static List<Map<String, Object>> opTimes(RunResult r) {
    List<Map<String, Object>> out = new ArrayList<>();
    List<String> ids = r.timeline().unitIds();
    for (Span sp : r.timeline().spans()) {
      if (!sp.kind().equals("op") && !sp.kind().equals("fallback")) {
        continue;
      }
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("op", sp.name());
      m.put("unit", ids.get(sp.unit()));
      m.put("start_us", Json.r3(sp.startUs()));
      m.put("end_us", Json.r3(sp.endUs()));
      m.put("threads", sp.threads());
      m.put("fallback", sp.kind().equals("fallback"));
      out.add(m);
    }
    return out;
  }
}
