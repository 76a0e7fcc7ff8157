package org.socsim.strategy;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;
import org.socsim.engine.Simulation;
import org.socsim.graph.ModelGraph;
import org.socsim.plan.ExecutionPlan;
import org.socsim.soc.Soc;

/**
 * The study's cross-level, profiling-driven proposal: try candidate strategies of different levels (whole-model
 * placement, op-level DAG scheduling, intra-op splitting), observe each one's latency by running it (here, in the
 * simulator), and keep the fastest. Candidates that cannot run on the SoC are skipped. The scenario pipeline
 * observes each candidate under the run's own workload and dynamics ({@link #OBSERVE}); alone, a candidate is one
 * inference on an idle SoC.
 */
public final class AdaptiveStrategy implements Strategy {
  /** A candidate as observed: its plan and its latency in us (lower is better). */
  public record Observed(ExecutionPlan plan, double latencyUs) {
  }

  /**
   * How a candidate strategy, by name, is planned and observed. Set by the scenario pipeline: the candidate's plan
   * for the scenario (with the candidate's default options) and its typical request latency under the scenario's
   * requests, background load, DRAM bandwidth, governor and thermal model; a sweep memoises these, so a candidate
   * that is also one of the sweep's own points is planned and simulated once. Unset: planned here, one inference
   * alone. Throws {@link IllegalArgumentException} when the candidate cannot run (it is then skipped).
   */
  public static final StrategyOption<Function<String, Observed>> OBSERVE = new StrategyOption<>("observe",
      "a function of the candidate's name", "set by the scenario pipeline: each candidate planned and simulated"
      + " under the run's workload and dynamics", null, null);

  /**
   * Which strategies adaptive tries, comma-separated; unset, {@link #candidates()}: every registered plan strategy
   * but adaptive itself, replay (it needs a recorded plan) and pipeline (its plan streams several frames, so its
   * latency is a makespan of several inferences, not comparable).
   */
  public static final StrategyOption<List<String>> CANDIDATES = new StrategyOption<>("candidates",
      "comma-separated plan strategy names", "the strategies adaptive tries (default: every registered plan"
      + " strategy except adaptive, replay and pipeline)", null, AdaptiveStrategy::parseCandidates);

  /** Today's candidates, in the order they are tried (ties go to the first): registered strategies keep it. */
  static final List<String> ORDER = List.of("solo-cpu", "solo-gpu", "solo-little", "solo-npu", "greedy-eft",
      "heft", "cpop", "hope-greedy", "mosaic", "branch-parallel", "channel-split", "codl");

  /** Plan strategies never tried by default (see {@link #CANDIDATES}). */
  static final List<String> NOT_BY_DEFAULT = List.of("adaptive", "replay", "pipeline");

  @Override
  public List<StrategyOption<?>> options() {
    return List.of(OBSERVE, CANDIDATES);
  }

  /**
   * The default candidates from the registry ({@link Strategies}): the strategies of {@link #ORDER} that are
   * registered, in that order, then every other registered plan strategy (not an {@link OnlineStrategy}, not in
   * {@link #NOT_BY_DEFAULT}) by name. A strategy added with one services line joins without edits here.
   */
  public static List<String> candidates() {
    List<String> planners = Strategies.all().stream().filter(st -> !(st instanceof OnlineStrategy))
        .map(Strategy::name).filter(n -> !NOT_BY_DEFAULT.contains(n)).toList();
    List<String> out = new ArrayList<>(ORDER.stream().filter(planners::contains).toList());
    planners.stream().filter(n -> !out.contains(n)).forEach(out::add);
    return List.copyOf(out);
  }

  private static List<String> parseCandidates(String text) {
    List<String> out = new ArrayList<>();
    List<String> plan = Strategies.all().stream().filter(st -> !(st instanceof OnlineStrategy)).map(Strategy::name)
        .filter(n -> !n.equals("adaptive") && !n.equals("replay")).toList();
    for (String part : text.split(",")) {
      String n = part.strip();
      if (!plan.contains(n)) {
        throw new IllegalArgumentException("'" + n + "' is not a plan strategy adaptive can try; those are " + plan);
      }
      if (!out.contains(n)) {
        out.add(n);
      }
    }
    return List.copyOf(out);
  }

  @Override
  public String name() {
    return "adaptive";
  }

  @Override
  public String description() {
    return "profiling-driven: runs solo, DAG-scheduling and co-execution candidates, keeps the fastest observed";
  }

  @Override
  public ExecutionPlan plan(ModelGraph g, Soc soc, PlanContext ctx) {
    ExecutionPlan best = null;
    double bestUs = Double.POSITIVE_INFINITY;
    String bestName = "";
    List<String> observed = new ArrayList<>();
    Function<String, Observed> observe = ctx.options().get(OBSERVE);
    List<String> tried = ctx.options().get(CANDIDATES);
    for (String c : tried == null ? candidates() : tried) {
      ExecutionPlan p;
      double us;
      try {
        if (observe != null) {
          Observed o = observe.apply(c);
          p = o.plan();
          us = o.latencyUs();
        } else {
          p = Strategies.byName(c).plan(g, soc, ctx);
          us = new Simulation(g, soc, p, ctx.cost()).run().latencyUs();
        }
      } catch (IllegalArgumentException notHere) {
        continue;
      }
      observed.add(String.format(Locale.ROOT, "%s %.3f ms", c, us / 1000));
      if (us < bestUs) {
        bestUs = us;
        best = p;
        bestName = c;
      }
    }
    if (best == null) {
      throw new IllegalArgumentException("adaptive: no candidate strategy can run " + g.name() + " on " + soc.name());
    }
    List<String> notes = new ArrayList<>(best.notes());
    notes.add("adaptive picked " + bestName + " (observed: " + String.join(", ", observed) + ")");
    return new ExecutionPlan(name() + ":" + bestName, best.graph(), soc, best.placements().toArray(
        new org.socsim.plan.Placement[0]), best.transfers(), best.issueOrder(), notes, best.fallbacks());
  }
}
