package org.socsim.scenario;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.socsim.engine.Simulation;
import org.socsim.engine.Workload;
import org.socsim.plan.ExecutionPlan;
import org.socsim.replay.HopeReplay;
import org.socsim.result.RunResult;
import org.socsim.soc.Soc;
import org.socsim.soc.TransferModel;
import org.socsim.soc.Unit;
import org.socsim.strategy.AdaptiveStrategy;
import org.socsim.strategy.Granularity;
import org.socsim.strategy.OnlineStrategy;
import org.socsim.strategy.PlanContext;
import org.socsim.strategy.ReplayStrategy;
import org.socsim.strategy.StrategyOptions;
import org.socsim.strategy.Strategies;
import org.socsim.strategy.Strategy;
import org.socsim.traces.hope.DeviceMap;
import org.socsim.traces.hope.MeasuredTimeline;

/**
 * The scenario pipeline: load -> granularity -> plan -> workload -> dynamics -> simulate, in one place.
 * {@code socsim run}, sweep points ({@code PointRunner}) and {@code socsim contention} all go through
 * {@link #run(Scenario)}. Bad input throws {@link IllegalArgumentException} with a sentence.
 */
public final class Scenarios {
  private Scenarios() {
  }

  /** Where a scenario's SoC and model come from, with its what-if applied (a sweep passes its cache). */
  @FunctionalInterface
  public interface Loader {
    Workbench load(String soc, String model, String whatIf);

    /** The loaded model at a grain; a sweep caches it per (soc, model, what-if, grain), it is immutable. */
    default Granularity granularity(Workbench loaded, String soc, String model, String whatIf, String grain) {
      return Granularity.apply(loaded.graph(), loaded.cost(), grain, loaded.soc());
    }

    /**
     * A plan strategy's trial of a scenario (its plan and simulated run), made by {@code make}; a sweep memoises
     * trials per scenario so that adaptive's candidates and the sweep's own points of the same scenario are planned
     * and simulated once. Only scenarios without a timeline, a recorded plan or strategy options come here.
     */
    default Trial trial(Scenario s, java.util.function.Supplier<Trial> make) {
      return make.get();
    }
  }

  /** A plan strategy's plan (before copies are reused) and the simulated run of the scenario's final plan. */
  public record Trial(ExecutionPlan plan, RunResult result) {
  }

  public static ScenarioResult run(Scenario s) {
    return run(s, Workbench::load);
  }

  /**
   * Threads value meaning "not given: 4, or the largest CPU cluster when it is smaller". The CLI and sweep specs
   * refuse an explicit value below 1 before it gets here, so no value a user types means "default".
   */
  public static final int DEFAULT_THREADS = 0;

  /** Most requests one scenario may simulate (a million inferences; more would only exhaust memory). */
  public static final int MAX_REQUESTS = 1_000_000;

  /** The thread count a scenario without --threads runs with: 4, or the largest CPU cluster when it is smaller. */
  public static int defaultThreads(Workbench loaded) {
    return Math.min(4, loaded.soc().units().stream().filter(Unit::isCpu).mapToInt(Unit::cores).max().orElse(1));
  }

  public static ScenarioResult run(Scenario s, Loader loader) {
    if (s.threads() < 1 && s.threads() != DEFAULT_THREADS) {
      throw new IllegalArgumentException("--threads must be >= 1, got " + s.threads());
    }
    Strategy strategy = Strategies.byName(s.strategy());
    if (s.model().contains(",") && java.util.Arrays.stream(s.model().split(",", -1)).anyMatch(String::isBlank)) {
      throw new IllegalArgumentException("--model '" + s.model() + "': expected model names separated by single"
          + " commas, found an empty name");
    }
    if (s.plan() != null && !strategy.name().equals("replay")) {
      throw new IllegalArgumentException("--plan applies to --strategy replay only");
    }
    Workbench loaded = loader.load(s.soc(), s.model(), s.whatIf());
    int maxCores = loaded.soc().units().stream().filter(Unit::isCpu).mapToInt(Unit::cores).max()
        .orElse(Math.max(1, s.threads()));
    if (s.threads() == DEFAULT_THREADS) {
      s = s.toBuilder().threads(defaultThreads(loaded)).build();
    }
    if (s.threads() > maxCores) {
      throw new IllegalArgumentException("--threads " + s.threads() + " exceeds the largest CPU cluster of "
          + loaded.profile().name() + " (" + maxCores + " cores)");
    }
    if (s.requests() < 1 || s.requests() > MAX_REQUESTS) {
      throw new IllegalArgumentException("--requests must be from 1 to " + MAX_REQUESTS + ", got " + s.requests());
    }
    if (!(s.rateHz() >= 0 && s.rateHz() < Double.POSITIVE_INFINITY)) {
      throw new IllegalArgumentException("--rate must be a finite number >= 0 Hz (0 = back to back), got "
          + s.rateHz());
    }
    for (double slo : s.sloMs()) {
      if (!(slo > 0 && slo < Double.POSITIVE_INFINITY)) {
        throw new IllegalArgumentException("--slo-ms must be finite latencies > 0 ms, got " + s.sloMs());
      }
    }
    if (strategy instanceof OnlineStrategy online) {
      return OnlineRuns.run(s, online, loader, slos(s, loaded));
    }
    Granularity gr = loader.granularity(loaded, s.soc(), s.model(), s.whatIf(), s.granularity());
    Soc soc = s.zeroCopy() ? new Soc(loaded.soc().name(), loaded.soc().units(), TransferModel.FREE) : loaded.soc();
    Workbench wb = new Workbench(loaded.profile(), gr.graph(), soc, gr.cost(), loaded.notes());
    Map<String, Double> slos = slos(s, wb);
    PlanContext ctx = context(s, strategy, wb);
    if (strategy.options().contains(AdaptiveStrategy.OBSERVE)) {
      // candidates are observed under this scenario's workload and dynamics, as the run will face them
      Scenario scored = s;
      ctx = new PlanContext(ctx.threads(), ctx.cost(), ctx.seed(), ctx.options().with(AdaptiveStrategy.OBSERVE,
          name -> {
            Scenario cs = scored.toBuilder().strategy(name).options("").build();
            Trial t = trial(cs, Strategies.byName(name), wb, loader);
            return new AdaptiveStrategy.Observed(t.plan(),
                new ScenarioResult(cs, wb, t.plan(), t.result(), 0, slos).typicalLatencyMs() * 1000);
          }));
    }
    Trial t = strategy.options().contains(AdaptiveStrategy.OBSERVE) ? trial(s, strategy, wb, ctx)
        : trial(s, strategy, wb, loader);
    ExecutionPlan p = s.reuseCopies() ? t.plan().reuseCopies(wb.soc()) : t.plan();
    RunResult r = t.result();
    ScenarioResult res = new ScenarioResult(s, wb, p, r, loaded.predictedOps(), slos);
    if (s.requests() == 1 && !slos.isEmpty() && !r.timeline().spans().isEmpty()) {
      // mark missed objectives in the trace (one request: a job's finish is its latency)
      List<org.socsim.result.Marks.Instant> missed = res.jobs().stream().filter(j -> !j.sloMet())
          .map(j -> new org.socsim.result.Marks.Instant((j.name().isEmpty() ? wb.graph().name() : j.name())
              + " missed its SLO", "slo-miss", j.finishUs()))
          .toList();
      if (!missed.isEmpty()) {
        r = new RunResult(r.latencyUs(), r.units(), r.events(), r.timeline().withInstants(missed),
            r.requestLatencyUs(), r.framesTotal(), r.framesDropped(), r.energyMj(), r.peakTempC());
        res = new ScenarioResult(s, wb, p, r, loaded.predictedOps(), slos);
      }
    }
    return res;
  }

  /** The scenario's trial through the loader's memo when it can be memoised (no timeline, recorded plan, options). */
  private static Trial trial(Scenario s, Strategy strategy, Workbench wb, Loader loader) {
    if (s.timeline() || s.plan() != null || !s.options().isEmpty()) {
      return trial(s, strategy, wb, context(s, strategy, wb));
    }
    return loader.trial(s, () -> trial(s, strategy, wb, context(s, strategy, wb)));
  }

  /** Plan -> copies reused when asked -> simulate. */
  private static Trial trial(Scenario s, Strategy strategy, Workbench wb, PlanContext ctx) {
    org.socsim.strategy.Plans.requireRunnable(wb.graph(), wb.soc(), ctx);
    ExecutionPlan p = strategy.plan(wb.graph(), wb.soc(), ctx);
    return new Trial(p, simulate(s, wb, s.reuseCopies() ? p.reuseCopies(wb.soc()) : p));
  }

  /** Workload -> dynamics -> engine for a final plan (copies already reused when the scenario asks). */
  private static RunResult simulate(Scenario s, Workbench wb, ExecutionPlan p) {
    Workload workload = Background.parse(s.background(), wb.soc(), s.requests(),
        s.rateHz() > 0 ? 1e6 / s.rateHz() : 0);
    Double bw = s.bandwidthGbps() != null ? s.bandwidthGbps()
        : wb.profile().platform() == null ? null : wb.profile().platform().dramGbps();
    Simulation sim = new Simulation(wb.graph(), wb.soc(), p, wb.cost(), workload,
        Platform.dynamics(wb.profile(), wb.soc(), bw, s.governor(), s.thermal()));
    return s.timeline() || jobs(wb).size() > 1 ? sim.run() : sim.withoutTimeline().run();
  }

  /** Jobs of a (workload) graph in op order: {@code k:model} prefixes, or one job "" for a single model. */
  static List<String> jobs(Workbench wb) {
    List<org.socsim.graph.Op> ops = wb.graph().ops();
    if (!ops.isEmpty() && ops.stream().allMatch(op -> op.origin().indexOf('|') < 0)) {
      return List.of(""); // one model: no op names a job (the common case, without a list of every op's prefix)
    }
    return ops.stream().map(Scenarios::job).distinct().toList();
  }

  /** The job an op of a workload graph belongs to: its name's part before {@code |}, or "" for a single model. */
  static String job(org.socsim.graph.Op op) {
    int bar = op.origin().indexOf('|');
    return bar < 0 ? "" : op.origin().substring(0, bar);
  }

  static Workbench withSoc(Workbench wb, Soc soc) {
    return new Workbench(wb.profile(), wb.graph(), soc, wb.cost(), wb.notes());
  }

  /** Job prefix to SLO in us, from {@link Scenario#sloMs}. */
  private static Map<String, Double> slos(Scenario s, Workbench wb) {
    if (s.sloMs().isEmpty()) {
      return Map.of();
    }
    List<String> jobs = jobs(wb);
    if (s.sloMs().size() != jobs.size()) {
      throw new IllegalArgumentException("--slo-ms has " + s.sloMs().size() + " values for " + jobs.size()
          + " models");
    }
    Map<String, Double> out = new LinkedHashMap<>();
    for (int i = 0; i < jobs.size(); i++) {
      out.put(jobs.get(i), s.sloMs().get(i) * 1000.0);
    }
    return out;
  }

  /**
   * The strategy's typed options from {@link Scenario#options}, plus replay's recorded plan from {@code --plan}: a
   * plan file of {@code --export-plan} ({@code .json}), a HOPE device map ({@code .op}/{@code .txt}) or a measured
   * timeline ({@code .csv}).
   */
  static PlanContext context(Scenario s, Strategy strategy, Workbench wb) {
    StrategyOptions opts = StrategyOptions.parse(strategy, StrategyOptions.texts(s.options()));
    Path plan = s.plan();
    if (plan == null) {
      return new PlanContext(s.threads(), wb.cost(), s.seed(), opts);
    }
    String name = plan.getFileName().toString();
    if (name.endsWith(".json")) {
      // a plan written by --export-plan (socsim-plan/1): replayed as it is
      return new PlanContext(s.threads(), wb.cost(), s.seed(), opts.with(ReplayStrategy.RECORDED,
          ReplayStrategy.Recorded.of(PlanFileReader.read(plan, wb, s))));
    }
    if (name.endsWith(".op") || name.endsWith(".txt")) {
      DeviceMap m = DeviceMap.read(plan);
      // A device map is written for one model: an op it names that the model lacks is a wrong file or a typo.
      List<String> unknown = m.codes().keySet().stream().filter(op -> wb.graph().indexOf(op) < 0).toList();
      if (!unknown.isEmpty()) {
        throw new org.socsim.traces.TraceFormatException(plan, m.lines().get(unknown.get(0)), unknown.size()
            + " op(s) of the plan are not in "
            + wb.graph().name() + ", e.g. '" + unknown.get(0) + "' (expected a device map of this model)");
      }
      Map<String, String> placement = new LinkedHashMap<>();
      m.codes().forEach((op, code) -> placement.put(op, DeviceMap.unitOf(code)));
      return new PlanContext(s.threads(), wb.cost(), s.seed(), opts.with(ReplayStrategy.RECORDED,
          new ReplayStrategy.Recorded(placement, List.copyOf(m.codes().keySet()), null)));
    }
    MeasuredTimeline t = MeasuredTimeline.read(plan);
    List<MeasuredTimeline.Row> foreign = t.runs().get(0).stream().filter(r -> (r.proc() == MeasuredTimeline.Proc.CPU
        || r.proc() == MeasuredTimeline.Proc.GPU) && wb.graph().indexOf(r.op()) < 0).toList();
    if (!foreign.isEmpty()) {
      throw new org.socsim.traces.TraceFormatException(plan, foreign.get(0).line(), foreign.size() + " op row(s) of"
          + " the plan's first run are not in " + wb.graph().name() + ", e.g. '" + foreign.get(0).op()
          + "' (expected a timeline of this model)");
    }
    HopeReplay.RecordedPlan rec = HopeReplay.recorded(t.runs().get(0), "cpu-big");
    return new PlanContext(s.threads(), wb.cost(), s.seed(), opts.with(ReplayStrategy.RECORDED,
        new ReplayStrategy.Recorded(rec.placement(), rec.issueOrder(), rec.copyAt())));
  }
}
