package org.socsim.strategy;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.socsim.graph.ModelGraph;
import org.socsim.graph.Op;
import org.socsim.plan.ExecutionPlan;
import org.socsim.plan.Placement;
import org.socsim.soc.Soc;
import org.socsim.soc.Unit;

/**
 * Band-style scheduling of several DNNs at once. The graph is a workload: ops of job {@code j} are named
 * {@code j|op} (as {@code socsim run --model a,b,c} builds it); SLOs come from {@link PlanContext#sloUs()}. Jobs are
 * placed whole on workers (units); ops a worker lacks fall back to the CPU.
 */
public abstract class MultiDnnStrategy implements Strategy {
  /** The job an op belongs to: the part of its name before {@code |}, or "" for a single model. */
  public static String job(Op op) {
    int bar = op.origin().indexOf('|');
    return bar < 0 ? "" : op.origin().substring(0, bar);
  }

  static Map<String, List<Integer>> jobs(ModelGraph g) {
    Map<String, List<Integer>> out = new LinkedHashMap<>();
    for (int v : g.topologicalOrder()) {
      out.computeIfAbsent(job(g.op(v)), k -> new ArrayList<>()).add(v);
    }
    return out;
  }

  /** Workers in the order jobs are handed to them, and the unit chosen per job. */
  abstract Map<String, Unit> assign(ModelGraph g, Soc soc, PlanContext ctx, Map<String, List<Integer>> jobs,
      List<String> notes);

  /** Issue priority of jobs (earlier = first); default: arrival order. */
  List<String> priority(ModelGraph g, Soc soc, PlanContext ctx, Map<String, List<Integer>> jobs) {
    return new ArrayList<>(jobs.keySet());
  }

  @Override
  public ExecutionPlan plan(ModelGraph g, Soc soc, PlanContext ctx) {
    Map<String, List<Integer>> jobs = jobs(g);
    List<String> notes = new ArrayList<>();
    Map<String, Unit> where = assign(g, soc, ctx, jobs, notes);
    Placement[] p = new Placement[g.size()];
    java.util.Set<Integer> fallbacks = new java.util.TreeSet<>();
    Unit cpu = Plans.fallbackCpu(soc);
    for (Map.Entry<String, List<Integer>> j : jobs.entrySet()) {
      Unit u = where.get(j.getKey());
      for (int v : j.getValue()) {
        Unit x = ctx.cost().supports(g.op(v), u) ? u : cpu;
        if (x != u) {
          fallbacks.add(v);
        }
        p[v] = new Placement(v, x.index(), Plans.threadsOn(x, ctx.threads()));
      }
    }
    List<String> prio = priority(g, soc, ctx, jobs);
    double[] key = new double[g.size()];
    for (Map.Entry<String, List<Integer>> j : jobs.entrySet()) {
      int rank = prio.indexOf(j.getKey());
      List<Integer> ops = j.getValue();
      for (int k = 0; k < ops.size(); k++) {
        key[ops.get(k)] = rank * 1e7 + k; // a unit runs its jobs one after another, by priority
      }
    }
    StringBuilder b = new StringBuilder("jobs:");
    where.forEach((j, u) -> b.append(' ').append(j.isEmpty() ? "model" : j).append("->").append(u.id()));
    notes.add(0, b.toString());
    return ExecutionPlan.withTransfers(name(), g, soc, p, Plans.orderBy(g, key), c -> true, notes, fallbacks);
  }

  /** Expected run time of a whole job on a unit (dispatch + op costs; unsupported ops at CPU cost). */
  static double jobUs(ModelGraph g, List<Integer> ops, Unit u, Soc soc, PlanContext ctx) {
    Unit cpu = Plans.fallbackCpu(soc);
    double t = 0;
    for (int v : ops) {
      Op o = g.op(v);
      Unit x = ctx.cost().supports(o, u) ? u : cpu;
      t += x.dispatchUs() + ctx.cost().durationUs(o, x, Plans.threadsOn(x, ctx.threads()));
    }
    return t;
  }

  /** Each job, in the given order, to the unit where it would finish earliest given the jobs already there. */
  static Map<String, Unit> earliestFinish(ModelGraph g, Soc soc, PlanContext ctx, Map<String, List<Integer>> jobs,
      List<String> order, List<String> notes) {
    double[] backlog = new double[soc.units().size()];
    Map<String, Unit> out = new LinkedHashMap<>();
    for (String j : order) {
      Unit best = null;
      double bestF = Double.POSITIVE_INFINITY;
      for (Unit u : soc.units()) {
        double f = backlog[u.index()] + jobUs(g, jobs.get(j), u, soc, ctx);
        if (f < bestF) {
          bestF = f;
          best = u;
        }
      }
      backlog[best.index()] = bestF;
      out.put(j, best);
      Double slo = ctx.sloUs().get(j);
      notes.add(String.format(Locale.ROOT, "%s expected %.3f ms on %s%s", j.isEmpty() ? "model" : j, bestF / 1000,
          best.id(), slo == null ? "" : String.format(Locale.ROOT, " (SLO %.1f ms)", slo / 1000)));
    }
    return out;
  }

  /** {@code fixed-worker}: job k on unit k mod units. */
  public static final class FixedWorker extends MultiDnnStrategy {
    @Override
    public String name() {
      return "fixed-worker";
    }

    @Override
    public String description() {
      return "multi-DNN: job k runs whole on unit k mod #units (Band's fixed-worker baseline)";
    }

    @Override
    Map<String, Unit> assign(ModelGraph g, Soc soc, PlanContext ctx, Map<String, List<Integer>> jobs,
        List<String> notes) {
      Map<String, Unit> out = new LinkedHashMap<>();
      int k = 0;
      for (String j : jobs.keySet()) {
        out.put(j, soc.unit(k++ % soc.units().size()));
      }
      return out;
    }
  }

  /** {@code round-robin}: jobs handed to units in turn, starting from the unit after the last one used. */
  public static final class RoundRobin extends MultiDnnStrategy {
    @Override
    public String name() {
      return "round-robin";
    }

    @Override
    public String description() {
      return "multi-DNN: jobs handed to units in turn, largest job first, ignoring cost";
    }

    @Override
    Map<String, Unit> assign(ModelGraph g, Soc soc, PlanContext ctx, Map<String, List<Integer>> jobs,
        List<String> notes) {
      List<String> bySize = new ArrayList<>(jobs.keySet());
      bySize.sort(Comparator.comparingInt((String j) -> -jobs.get(j).size()).thenComparing(j -> j));
      Map<String, Unit> out = new LinkedHashMap<>();
      int k = 0;
      for (String j : bySize) {
        out.put(j, soc.unit(k++ % soc.units().size()));
      }
      return out;
    }
  }

  /** {@code shortest-expected-latency}: each job where it is expected to finish first. */
  public static final class ShortestExpectedLatency extends MultiDnnStrategy {
    @Override
    public String name() {
      return "shortest-expected-latency";
    }

    @Override
    public String description() {
      return "multi-DNN: each job, in arrival order, on the unit where it is expected to finish first";
    }

    @Override
    Map<String, Unit> assign(ModelGraph g, Soc soc, PlanContext ctx, Map<String, List<Integer>> jobs,
        List<String> notes) {
      return earliestFinish(g, soc, ctx, jobs, new ArrayList<>(jobs.keySet()), notes);
    }
  }

  /** {@code least-slack-first}: jobs by slack (SLO minus best solo time), least first, then earliest finish. */
  public static final class LeastSlackFirst extends MultiDnnStrategy {
    @Override
    public String name() {
      return "least-slack-first";
    }

    @Override
    public String description() {
      return "multi-DNN: jobs by slack (SLO - best expected time), least first, each on its earliest-finish unit";
    }

    @Override
    List<String> priority(ModelGraph g, Soc soc, PlanContext ctx, Map<String, List<Integer>> jobs) {
      List<String> order = new ArrayList<>(jobs.keySet());
      Map<String, Double> slack = new LinkedHashMap<>();
      for (String j : order) {
        double best = Double.POSITIVE_INFINITY;
        for (Unit u : soc.units()) {
          best = Math.min(best, jobUs(g, jobs.get(j), u, soc, ctx));
        }
        slack.put(j, ctx.sloUs().getOrDefault(j, Double.POSITIVE_INFINITY) - best);
      }
      order.sort(Comparator.comparingDouble((String j) -> slack.get(j)).thenComparing(j -> j));
      return order;
    }

    @Override
    Map<String, Unit> assign(ModelGraph g, Soc soc, PlanContext ctx, Map<String, List<Integer>> jobs,
        List<String> notes) {
      return earliestFinish(g, soc, ctx, jobs, priority(g, soc, ctx, jobs), notes);
    }
  }
}
