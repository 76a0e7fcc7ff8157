package org.socsim.sweep;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.socsim.scenario.Scenario;
import org.socsim.scenario.ScenarioResult;
import org.socsim.scenario.Scenarios;
import org.socsim.scenario.Workbench;

/**
 * Runs one sweep point into a result row through the scenario pipeline ({@link Scenarios#run}). Thread-safe;
 * caches loaded SoC/model pairs.
 */
public final class PointRunner {
  /** Columns of a result row, in order, for sweeps that name none of {@link SweepSpec#OPTIONAL_AXES}. */
  public static final List<String> COLUMNS = List.of("index", "soc", "model", "strategy", "granularity", "background",
      "governor", "bandwidth_gbps", "threads", "seed", "requests", "rate_hz", "status", "latency_ms", "p90_ms",
      "energy_mj", "frames_total", "frames_dropped", "fallbacks", "partitions", "transfers", "ops", "gpu_util");

  /** Loaded (soc, model) pairs kept at once: a sweep's memory does not grow with the number of pairs it visits. */
  static final int CACHE = 32;

  private final org.socsim.io.BoundedCache<String, Workbench> workbenches = new org.socsim.io.BoundedCache<>(CACHE);

  /**
   * The columns of a sweep's rows: {@link #COLUMNS}, then each optional axis some point names (zero_copy,
   * reuse_copies, thermal, slo_ms, options, what_if, in that order), then {@code slo_met} when slo_ms is named.
   */
  public static List<String> columns(List<SweepSpec.Point> points) {
    List<String> out = new ArrayList<>(COLUMNS);
    for (String axis : SweepSpec.OPTIONAL_AXES) {
      if (points.stream().anyMatch(p -> p.optional().containsKey(axis))) {
        out.add(axis);
      }
    }
    if (out.contains("slo_ms")) {
      out.add("slo_met");
    }
    return List.copyOf(out);
  }

  /** The scenario a point stands for. */
  public static Scenario scenario(SweepSpec.Point pt) {
    List<Double> slos = pt.sloMs() == null || pt.sloMs().isEmpty() ? List.of()
        : java.util.Arrays.stream(pt.sloMs().split(",")).map(s -> Double.valueOf(s.strip())).toList();
    return Scenario.builder(pt.soc(), pt.model(), pt.strategy()).granularity(pt.granularity())
        .background(pt.background()).governor(pt.governor())
        .bandwidthGbps(pt.bandwidth() > 0 ? Double.valueOf(pt.bandwidth()) : null).threads(pt.threads())
        .seed(pt.seed()).requests(pt.requests()).rateHz(pt.rate()).zeroCopy(Boolean.TRUE.equals(pt.zeroCopy()))
        .reuseCopies(Boolean.TRUE.equals(pt.reuseCopies())).thermal(Boolean.TRUE.equals(pt.thermal())).sloMs(slos)
        .options(pt.options()).whatIf(pt.whatIf()).timeline(false).build();
  }

  public Map<String, Object> run(SweepSpec.Point pt) {
    Map<String, Object> row = new LinkedHashMap<>();
    row.put("index", pt.index());
    row.put("soc", pt.soc());
    row.put("model", pt.model());
    row.put("strategy", pt.strategy());
    row.put("granularity", pt.granularity());
    row.put("background", pt.background());
    row.put("governor", pt.governor());
    row.put("bandwidth_gbps", pt.bandwidth());
    // the default thread count is resolved by the run (the SoC's cluster): null when the point did not run, so the
    // column stays numeric for a notebook
    row.put("threads", pt.threads() == Scenarios.DEFAULT_THREADS ? null : pt.threads());
    row.put("seed", pt.seed());
    row.put("requests", pt.requests());
    row.put("rate_hz", pt.rate());
    Map<String, Object> optional = pt.optional();
    try {
      ScenarioResult res = Scenarios.run(scenario(pt), loader);
      row.put("threads", res.scenario().threads());
      row.put("status", "ok");
      row.put("latency_ms", r3(res.typicalLatencyMs()));
      row.put("p90_ms", r3(res.requestLatencyMs(0.9)));
      row.put("energy_mj", r3(res.energyPerRequestMj()));
      row.put("frames_total", res.result().framesTotal());
      row.put("frames_dropped", res.result().framesDropped());
      row.put("fallbacks", res.plan().fallbacks().size());
      row.put("partitions", res.plan().partitions());
      row.put("transfers", res.transfersPerRequest());
      row.put("ops", res.workbench().graph().size());
      row.put("gpu_util", r3(res.utilisation("gpu")));
      row.putAll(optional);
      if (optional.containsKey("slo_ms")) {
        row.put("slo_met", res.objectivesMet());
      }
    } catch (IllegalArgumentException | IllegalStateException e) {
      row.put("status", "n/a: " + e.getMessage().replace('\n', ' ').replace(',', ';'));
      if (pt.threads() == Scenarios.DEFAULT_THREADS) {
        // the count the point would have run with, when its SoC and model load (the threads axis stays a key)
        try {
          row.put("threads", Scenarios.defaultThreads(loader.load(pt.soc(), pt.model(), pt.whatIf())));
        } catch (IllegalArgumentException | IllegalStateException | java.io.UncheckedIOException notLoaded) {
          // an unknown SoC or model: nothing to resolve
        }
      }
      for (String c : COLUMNS.subList(COLUMNS.indexOf("latency_ms"), COLUMNS.size())) {
        row.put(c, null);
      }
      row.putAll(optional);
      if (optional.containsKey("slo_ms")) {
        row.put("slo_met", null);
      }
    }
    return row;
  }

  /** The loaded models at each grain, per (soc, model, what-if, grain); bounded like the workbenches. */
  private final org.socsim.io.BoundedCache<String, org.socsim.strategy.Granularity> grains =
      new org.socsim.io.BoundedCache<>(CACHE);

  /**
   * Trials (plan and simulated run) per scenario: adaptive's candidates at a point are the sweep's own points of the
   * same scenario with another strategy, so each is planned and simulated once. Bounded; a recomputed trial is
   * identical (same inputs, same seed), so what the bound evicts changes time, never rows.
   */
  private final org.socsim.io.BoundedCache<Scenario, Scenarios.Trial> trials =
      new org.socsim.io.BoundedCache<>(4 * CACHE);

  private final Scenarios.Loader loader = new Scenarios.Loader() {
    @Override
    public Scenarios.Trial trial(Scenario s, java.util.function.Supplier<Scenarios.Trial> make) {
      return trials.get(s, k -> make.get());
    }

    @Override
    public Workbench load(String soc, String model, String whatIf) {
      return PointRunner.this.load(soc, model, whatIf);
    }

    @Override
    public org.socsim.strategy.Granularity granularity(Workbench loaded, String soc, String model, String whatIf,
        String grain) {
      return grains.get(soc + "\u0000" + model + "\u0000" + whatIf + "\u0000" + grain,
          k -> Scenarios.Loader.super.granularity(loaded, soc, model, whatIf, grain));
    }
  };

  private Workbench load(String soc, String model, String whatIf) {
    return workbenches.get(soc + "\u0000" + model + "\u0000" + whatIf, k -> Workbench.load(soc, model, whatIf));
  }

  static double r3(double v) {
    return Math.round(v * 1000.0) / 1000.0;
  }
}
