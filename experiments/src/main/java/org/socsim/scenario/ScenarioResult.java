package org.socsim.scenario;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.socsim.plan.ExecutionPlan;
import org.socsim.result.RunResult;
import org.socsim.runtime.JobRecord;
import org.socsim.result.UnitStats;

/**
 * What {@link Scenarios#run} produced: the workbench the plan ran on (graph after granularity, SoC after
 * zero-copy), the plan, the engine's {@link RunResult}, and the statistics every front end reports. Request
 * latency percentiles have ONE definition, {@link #percentile}; values are unrounded (front ends round).
 *
 * @param predictedOps ops of the loaded model priced by a fitted feature cost model
 * @param slosUs per-job objectives in us (job prefix {@code k:model}, or "" for a single model)
 * @param online each request of a run-time policy's run (null for a plan strategy)
 */
public record ScenarioResult(Scenario scenario, Workbench workbench, ExecutionPlan plan, RunResult result,
    int predictedOps, Map<String, Double> slosUs, List<JobRecord> online) {

  /** A plan strategy's result. */
  public ScenarioResult(Scenario scenario, Workbench workbench, ExecutionPlan plan, RunResult result,
      int predictedOps, Map<String, Double> slosUs) {
    this(scenario, workbench, plan, result, predictedOps, slosUs, null);
  }

  /**
   * The nearest-rank percentile of sorted values: the smallest value with at least {@code q} of all values at or
   * below it, i.e. {@code sorted[ceil(q * n) - 1]} (q in (0, 1]; index clamped to [0, n - 1]). Exact: no
   * histogram buckets, no interpolation.
   */
  public static double percentile(double[] sorted, double q) {
    if (sorted.length == 0) {
      throw new IllegalArgumentException("no values for a percentile");
    }
    int i = (int) Math.ceil(q * sorted.length) - 1;
    return sorted[Math.max(0, Math.min(sorted.length - 1, i))];
  }

  /** Request latencies ({@link #requestLatenciesUs}), sorted ascending, in us. */
  public double[] sortedRequestLatencyUs() {
    return requestLatenciesUs().stream().mapToDouble(Double::doubleValue).sorted().toArray();
  }

  /**
   * Per request, arrival to completion, in us. A request of several models is all of them: under a plan strategy the
   * models run as one combined graph per request; under a run-time strategy each model is a stream of its own, and
   * request k is every model's k-th request together, and its latency the longest of theirs (each from its own
   * arrival: with periodic arrivals they arrive together, so this is first arrival to last finish as under a plan
   * strategy; back to back, each model's stream runs at its own pace). So latency, p90 and throughput mean the same
   * for both kinds of strategy (before, a run-time strategy's median was over every model's requests: the faster
   * model's latency against a plan strategy's makespan).
   */
  public List<Double> requestLatenciesUs() {
    if (online == null || online.stream().map(j -> j.job().stream()).distinct().count() <= 1) {
      return result.requestLatencyUs();
    }
    Map<Integer, List<JobRecord>> byStream = new java.util.TreeMap<>();
    for (JobRecord j : online) {
      byStream.computeIfAbsent(j.job().stream(), k -> new ArrayList<>()).add(j);
    }
    byStream.values().forEach(l -> l.sort(java.util.Comparator.comparingDouble((JobRecord j) -> j.job().arrivalUs())
        .thenComparingInt(j -> j.job().id())));
    int n = byStream.values().stream().mapToInt(List::size).min().orElse(0);
    List<Double> out = new ArrayList<>(n);
    for (int k = 0; k < n; k++) {
      int at = k;
      out.add(byStream.values().stream().mapToDouble(l -> l.get(at).latencyUs()).max().orElse(0));
    }
    return out;
  }

  /** Nearest-rank percentile of the request latencies, in ms. */
  public double requestLatencyMs(double q) {
    return percentile(sortedRequestLatencyUs(), q) / 1000.0;
  }

  /** End of the last task (all requests, UI frames included), in ms. */
  public double latencyMs() {
    return result.latencyMs();
  }

  /** One inference's latency: the run's latency for one request, the median request latency for several. */
  public double typicalLatencyMs() {
    double[] lat = sortedRequestLatencyUs();
    return lat.length == 1 ? result.latencyMs() : percentile(lat, 0.5) / 1000.0;
  }

  /**
   * Copies of one request: a plan strategy's plan has them (every request makes the same); a run-time strategy's
   * requests may each place ops differently, so the copies its run made over its requests (rounded; before, the
   * first request's recorded placement, which showed 0 while the units made hundreds).
   */
  public int transfersPerRequest() {
    if (online == null) {
      return plan.transfers().size();
    }
    int copies = result.units().stream().mapToInt(UnitStats::transfers).sum();
    return (int) Math.round((double) copies / Math.max(1, requestLatenciesUs().size()));
  }

  /**
   * Requests ({@link #requestLatenciesUs}: several models' k-th requests count once) per second, from 0 to the last
   * request's completion ({@link #requestsEndUs}) or, with periodic arrivals, over at least the requests' N arrival
   * periods: below saturation that is the arrival rate (over the run alone, N / ((N - 1) / rate + latency) exceeded
   * it, and UI frames queued after the last request lowered it).
   */
  public double throughputPerS() {
    int n = requestLatenciesUs().size();
    double window = Math.max(requestsEndUs(), n * periodUs());
    return n / (window / 1e6);
  }

  /** The arrival period of the requests, in us; 0 when they arrive back to back. */
  private double periodUs() {
    return scenario.rateHz() > 0 ? 1e6 / scenario.rateHz() : 0;
  }

  /**
   * Each request's arrival under a plan strategy, in request order, as the workload makes them: every period from 0,
   * or back to back (when the request before completed).
   */
  private double[] arrivalsUs() {
    List<Double> lat = result.requestLatencyUs();
    double period = periodUs();
    double[] a = new double[lat.size()];
    for (int r = 1; r < a.length; r++) {
      a[r] = period > 0 ? r * period : a[r - 1] + lat.get(r - 1);
    }
    return a;
  }

  /**
   * When the last request completed (UI frames still queued after it do not count): a run-time strategy's last
   * job; otherwise the latest of the requests' arrivals plus latencies.
   */
  double requestsEndUs() {
    if (online != null) {
      return online.stream().mapToDouble(JobRecord::finishUs).max().orElse(result.latencyUs());
    }
    List<Double> lat = result.requestLatencyUs();
    double[] arrival = arrivalsUs();
    double end = 0;
    for (int r = 0; r < lat.size(); r++) {
      end = Math.max(end, arrival[r] + lat.get(r));
    }
    return lat.isEmpty() ? result.latencyUs() : Math.min(end, result.latencyUs());
  }

  public double energyPerRequestMj() {
    return result.energyMj() / scenario.requests();
  }

  /** Utilisation of the unit with this id, 0 when the SoC has none. */
  public double utilisation(String unit) {
    return result.units().stream().filter(u -> u.unit().equals(unit)).mapToDouble(UnitStats::utilisation)
        .findFirst().orElse(0);
  }

  /** Workbench notes, then the plan's. */
  public List<String> notes() {
    List<String> notes = new ArrayList<>(workbench.notes());
    notes.addAll(plan.notes());
    var specs = workbench.profile().units();
    if (!specs.isEmpty() && specs.stream().allMatch(u -> u.power() == null || u.power().source() == null
        || u.power().source().startsWith("assumed"))) {
      notes.add("energy from assumed typical phone power figures (" + workbench.profile().name() + " has no measured"
          + " power): it compares strategies on this profile, not devices with each other");
    }
    Double bw = scenario.bandwidthGbps();
    if (bw != null && Double.isFinite(bw) && !movesMemory()) {
      notes.add("--bandwidth " + bw + " GB/s has no effect here: the cost model of " + workbench.profile().name()
          + " gives none of " + workbench.graph().name() + "'s ops any DRAM traffic, so no op competes for bandwidth");
    }
    var platform = workbench.profile().platform();
    if (platform != null && platform.coRun() != null && !platform.coRun().effects().isEmpty()) {
      notes.add("co-run interference of " + workbench.profile().name() + " (" + (platform.coRun().source()
          .startsWith("what-if") ? platform.coRun().source() : "fitted on " + platform.coRun().perFile().size()
          + " co-run timelines") + "): " + platform.coRun().effects() + " while CPU and accelerator both run");
    }
    return notes;
  }

  /** Whether some op of the run's graph moves DRAM bytes on some unit (shared-bandwidth contention can act). */
  private boolean movesMemory() {
    for (org.socsim.graph.Op op : workbench.graph().ops()) {
      for (org.socsim.soc.Unit u : workbench.soc().units()) {
        if (workbench.cost().supports(op, u) && workbench.cost().memoryBytes(op, u) > 0) {
          return true;
        }
      }
    }
    return false;
  }

  /**
   * Whether the run met its objectives (null without {@code --slo-ms}): every job's {@link #jobs} latency (one
   * request: its finish; several: its slowest request) against its own objective, for plan and run-time strategies
   * alike.
   */
  public Boolean objectivesMet() {
    if (slosUs.isEmpty()) {
      return null;
    }
    return jobs().stream().allMatch(Job::sloMet);
  }

  /** One job of the run: when its last op ended, and its objective (null: none). */
  public record Job(String name, double finishUs, Double sloUs) {
    public boolean sloMet() {
      return sloUs == null || finishUs <= sloUs;
    }
  }

  /**
   * Jobs in model order. One request: a multi-DNN job finishes with its last op, a single model (job "") with the run.
   * Several requests, or a run-time policy: a job's latency is its slowest request's (arrival to the end of the job's
   * last op of that request; before, several requests of a plan strategy gave the end of the whole run and judged
   * every job against the tightest objective).
   */
  public List<Job> jobs() {
    List<String> names = Scenarios.jobs(workbench);
    List<Job> out = new ArrayList<>();
    if (online != null) {
      // per model: its worst request latency (a single request at 0: its finish time), met when every one met it
      for (int k = 0; k < names.size(); k++) {
        int stream = k;
        double worst = online.stream().filter(j -> j.job().stream() == stream).mapToDouble(JobRecord::latencyUs)
            .max().orElse(0);
        out.add(new Job(names.get(k), worst, slosUs.get(names.get(k))));
      }
      return out;
    }
    if (names.size() == 1 && names.get(0).isEmpty()) {
      double f = scenario.requests() > 1 ? result.requestLatencyUs().stream().mapToDouble(Double::doubleValue).max()
          .orElse(result.latencyUs()) : result.latencyUs();
      out.add(new Job("", f, slosUs.get("")));
      return out;
    }
    // spans "[r<k> ]<job>|<op>" (copies and UI frames left out): each job's end per request
    int n = scenario.requests();
    List<Map<String, Double>> jobEnd = new ArrayList<>();
    for (int k = 0; k < n; k++) {
      jobEnd.add(new LinkedHashMap<>());
    }
    for (var sp : result.timeline().spans()) {
      String name = sp.name();
      int r = 0;
      if (n > 1) {
        if (!name.matches("^r[0-9]+ .*")) {
          continue; // UI frames
        }
        r = Integer.parseInt(name.substring(1, name.indexOf(' ')));
        name = name.substring(name.indexOf(' ') + 1);
      }
      int bar = name.indexOf('|');
      if (!sp.kind().equals("transfer") && bar > 0) {
        jobEnd.get(r).merge(name.substring(0, bar), sp.endUs(), Math::max);
      }
    }
    double[] arrival = arrivalsUs();
    for (String j : names) {
      double worst = 0;
      for (int k = 0; k < n; k++) {
        worst = Math.max(worst, jobEnd.get(k).getOrDefault(j, arrival[k]) - arrival[k]);
      }
      out.add(new Job(j, worst, slosUs.get(j)));
    }
    return out;
  }
}
