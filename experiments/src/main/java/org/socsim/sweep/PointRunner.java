package org.socsim.sweep;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.socsim.cli.Background;
import org.socsim.cli.Platform;
import org.socsim.cli.Workbench;
import org.socsim.engine.Simulation;
import org.socsim.plan.ExecutionPlan;
import org.socsim.result.RunResult;
import org.socsim.result.UnitStats;
import org.socsim.strategy.Granularity;
import org.socsim.strategy.PlanContext;
import org.socsim.strategy.Strategies;
import org.socsim.strategy.Strategy;

/** Runs one sweep point into a result row. Thread-safe; caches loaded SoC/model pairs. */
public final class PointRunner {
  /** Columns of a result row, in order. */
  public static final List<String> COLUMNS = List.of("index", "soc", "model", "strategy", "granularity", "background",
      "governor", "bandwidth_gbps", "threads", "seed", "requests", "rate_hz", "status", "latency_ms", "p90_ms",
      "energy_mj", "frames_total", "frames_dropped", "fallbacks", "partitions", "transfers", "ops", "gpu_util");

  /** Loaded (soc, model) pairs kept at once: a sweep's memory does not grow with the number of pairs it visits. */
  static final int CACHE = 32;

  private final Map<String, Workbench> workbenches = java.util.Collections.synchronizedMap(
      new java.util.LinkedHashMap<>(64, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Workbench> e) {
          return size() > CACHE;
        }
      });
  private final Map<String, Strategy> strategies = new ConcurrentHashMap<>();

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
    row.put("threads", pt.threads());
    row.put("seed", pt.seed());
    row.put("requests", pt.requests());
    row.put("rate_hz", pt.rate());
    try {
      String key = pt.soc() + "\u0000" + pt.model();
      Workbench loaded = workbenches.get(key);
      if (loaded == null) {
        // loaded outside the map's lock so threads do not wait for each other's loads; a twin load is harmless
        loaded = Workbench.load(pt.soc(), pt.model());
        workbenches.put(key, loaded);
      }
      Granularity gr = Granularity.apply(loaded.graph(), loaded.cost(), pt.granularity(), loaded.soc());
      Strategy s = strategies.computeIfAbsent(pt.strategy(), Strategies::byName);
      ExecutionPlan p = s.plan(gr.graph(), loaded.soc(), new PlanContext(pt.threads(), gr.cost(), pt.seed(),
          Map.of(), List.of(), null));
      Double bw = pt.bandwidth() > 0 ? Double.valueOf(pt.bandwidth())
          : loaded.profile().platform() == null ? null : loaded.profile().platform().dramGbps();
      RunResult r = new Simulation(gr.graph(), loaded.soc(), p, gr.cost(),
          Background.parse(pt.background(), loaded.soc(), pt.requests(), pt.rate() > 0 ? 1e6 / pt.rate() : 0),
          Platform.dynamics(loaded.soc(), bw, pt.governor(), false)).run();
      double[] lat = r.requestLatencyUs().stream().mapToDouble(Double::doubleValue).sorted().toArray();
      double gpuUtil = r.units().stream().filter(u -> u.unit().equals("gpu")).mapToDouble(UnitStats::utilisation)
          .findFirst().orElse(0);
      row.put("status", "ok");
      row.put("latency_ms", r3(lat.length == 1 ? r.latencyMs() : lat[lat.length / 2] / 1000));
      row.put("p90_ms", r3(lat[(int) Math.max(0, Math.ceil(0.9 * lat.length) - 1)] / 1000));
      row.put("energy_mj", r3(r.energyMj() / pt.requests()));
      row.put("frames_total", r.framesTotal());
      row.put("frames_dropped", r.framesDropped());
      row.put("fallbacks", p.fallbacks().size());
      row.put("partitions", p.partitions());
      row.put("transfers", p.transfers().size());
      row.put("ops", gr.graph().size());
      row.put("gpu_util", r3(gpuUtil));
    } catch (IllegalArgumentException | IllegalStateException e) {
      row.put("status", "n/a: " + e.getMessage().replace('\n', ' ').replace(',', ';'));
      for (String c : COLUMNS.subList(COLUMNS.indexOf("latency_ms"), COLUMNS.size())) {
        row.put(c, null);
      }
    }
    return row;
  }

  static double r3(double v) {
    return Math.round(v * 1000.0) / 1000.0;
  }
}
