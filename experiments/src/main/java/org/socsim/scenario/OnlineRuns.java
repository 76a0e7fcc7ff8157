package org.socsim.scenario;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.socsim.engine.PolicySimulation;
import org.socsim.engine.Workload;
import org.socsim.graph.ModelGraph;
import org.socsim.plan.ExecutionPlan;
import org.socsim.plan.Placement;
import org.socsim.runtime.JobRecord;
import org.socsim.runtime.JobStream;
import org.socsim.runtime.RuntimePolicy;
import org.socsim.soc.Soc;
import org.socsim.soc.TransferModel;
import org.socsim.soc.Unit;
import org.socsim.strategy.Granularity;
import org.socsim.strategy.OnlineStrategy;
import org.socsim.strategy.PlanContext;

/**
 * The scenario pipeline for a strategy that decides at run time: each model of {@code --model a,b} becomes a
 * {@link JobStream} ({@code --requests} requests, periodic at {@code --rate} or back to back, its SLO), the
 * strategy's {@link RuntimePolicy} drives {@link PolicySimulation}, and the placement each model's first request got
 * is recorded as the result's plan (so {@code --json}, sweep rows and traces read as for a plan strategy).
 */
final class OnlineRuns {
  private OnlineRuns() {
  }

  static ScenarioResult run(Scenario s, OnlineStrategy strategy, Scenarios.Loader loader,
      Map<String, Double> slosByJob) {
    if (s.reuseCopies()) {
      throw new IllegalArgumentException("--reuse-copies applies to plan strategies; " + strategy.name()
          + " decides at run time");
    }
    List<String> models = List.of(s.model().split(","));
    List<Workbench> parts = new ArrayList<>();
    int predicted = 0;
    for (String m : models) {
      Workbench w = loader.load(s.soc(), m.strip(), s.whatIf());
      predicted += w.predictedOps();
      Granularity gr = Granularity.apply(w.graph(), w.cost(), s.granularity(), w.soc());
      parts.add(new Workbench(w.profile(), gr.graph(), w.soc(), gr.cost(), w.notes()));
    }
    Workbench first = parts.get(0);
    Soc soc = s.zeroCopy() ? new Soc(first.soc().name(), first.soc().units(), TransferModel.FREE) : first.soc();
    Workbench shown = models.size() == 1 ? new Workbench(first.profile(), first.graph(), soc, first.cost(),
        first.notes()) : Scenarios.withSoc(Workbench.combine(models, parts), soc);
    List<String> jobNames = Scenarios.jobs(shown);
    double periodUs = s.rateHz() > 0 ? 1e6 / s.rateHz() : 0;
    List<JobStream> streams = new ArrayList<>();
    for (int k = 0; k < parts.size(); k++) {
      Double slo = slosByJob.get(jobNames.get(k));
      String name = models.size() == 1 ? parts.get(k).graph().name() : jobNames.get(k);
      streams.add(new JobStream(name, parts.get(k).graph(), parts.get(k).cost(), s.requests(), 0, periodUs,
          s.threads(), slo == null ? Double.NaN : slo));
    }
    PlanContext ctx = Scenarios.context(s, strategy, first);
    RuntimePolicy policy = strategy.policy(soc, ctx);
    Workload background = Background.parse(s.background(), soc, s.requests(), periodUs);
    Double bw = s.bandwidthGbps() != null ? s.bandwidthGbps()
        : shown.profile().platform() == null ? null : shown.profile().platform().dramGbps();
    if (background.ui() != null) {
      throw new IllegalArgumentException("--background ui:... is not modelled under run-time policies yet ("
          + strategy.name() + "); use a plan strategy, or cpu:N background load");
    }
    PolicySimulation.Result r = new PolicySimulation(soc, streams, policy,
        Platform.dynamics(shown.profile(), soc, bw, s.governor(), s.thermal()), background).run();
    List<String> notes = new ArrayList<>();
    notes.add("decided at run time by " + strategy.name() + " over " + r.jobs().size() + " request(s) of "
        + models.size() + " model(s); the placement shown is each model's first request");
    notes.addAll(policy.notes());
    ExecutionPlan recorded = recorded(strategy.name(), shown.graph(), soc, s.threads(), r.jobs(), streams.size(),
        models.size() > 1 ? jobNames : null, notes);
    return new ScenarioResult(s, shown, recorded, r.run(), predicted, slosByJob, r.jobs());
  }

  /**
   * The plan each model's first request followed, over the shown graph ({@code k:model|op} names for several
   * models): placements, fallbacks, and the start order as issue order.
   */
  private static ExecutionPlan recorded(String name, ModelGraph shown, Soc soc, int threads, List<JobRecord> jobs,
      int nStreams, List<String> prefixes, List<String> notes) {
    Placement[] p = new Placement[shown.size()];
    int[] order = new int[shown.size()];
    int n = 0;
    Set<Integer> fallbacks = new TreeSet<>();
    for (int k = 0; k < nStreams; k++) {
      int stream = k;
      JobRecord first = jobs.stream().filter(j -> j.job().stream() == stream).findFirst().orElseThrow();
      ModelGraph g = first.job().graph();
      for (int i = 0; i < g.size(); i++) {
        int v = first.startOrder()[i];
        int at = prefixes == null ? v : shown.indexOf(prefixes.get(k) + "|" + g.op(v).name());
        Unit u = soc.unit(first.placement()[v]);
        p[at] = new Placement(at, u.index(), u.threadsFor(threads));
        order[n++] = at;
        if (first.fallback()[v]) {
          fallbacks.add(at);
        }
      }
    }
    return ExecutionPlan.withTransfers(name, shown, soc, p, order, c -> true, notes, fallbacks);
  }
}
