package org.socsim.engine;

import java.util.Arrays;
import org.socsim.graph.Edge;
import org.socsim.graph.ModelGraph;
import org.socsim.runtime.Job;
import org.socsim.runtime.JobStream;
import org.socsim.soc.Soc;
import org.socsim.soc.Unit;

/** One job's progress in a policy-driven run, and what its ops would cost where. */
final class PolicyJob {
  /** Per-stream graph structure, computed once. */
  static final class Shape {
    final int[][] succ;
    final int[][] inEdges;
    final int[] preds;
    final int[] topo;

    Shape(ModelGraph g) {
      succ = new int[g.size()][];
      inEdges = new int[g.size()][];
      preds = new int[g.size()];
      for (int v = 0; v < g.size(); v++) {
        succ[v] = g.successors(v);
        inEdges[v] = g.inEdges(v);
        preds[v] = g.predecessors(v).length;
      }
      topo = g.topologicalOrder();
    }
  }

  final Job job;
  final JobStream stream;
  final Shape shape;
  final int request;
  final int[] pending;
  final int[] unitOf;
  final boolean[] fallback;
  final boolean[] started;
  final int[] startOrder;
  final int[] consumersLeft;
  final double[] outBytes;
  /** Per op, once it ran: where its span starts and on which lane (for dependency arrows). */
  final double[] spanStart;
  final int[] lane;
  int nStarted;
  int left;
  double finishUs;

  PolicyJob(Job job, JobStream stream, Shape shape, int request) {
    this.job = job;
    this.stream = stream;
    this.shape = shape;
    this.request = request;
    int n = job.graph().size();
    pending = shape.preds.clone();
    unitOf = new int[n];
    Arrays.fill(unitOf, -1);
    fallback = new boolean[n];
    started = new boolean[n];
    startOrder = new int[n];
    consumersLeft = new int[n];
    outBytes = new double[n];
    spanStart = new double[n];
    lane = new int[n];
    for (int v = 0; v < n; v++) {
      consumersLeft[v] = shape.succ[v].length;
    }
    left = n;
  }

  static int threadsOn(Unit unit, int requested) {
    return unit.threadsFor(requested);
  }

  int threadsOn(Unit unit) {
    return threadsOn(unit, stream.threads());
  }

  /** Copies of op {@code v}'s inputs produced on other units, were it to run on unit {@code u}. */
  double copyInUs(Soc soc, int v, int u) {
    double us = 0;
    for (int e : shape.inEdges[v]) {
      Edge edge = job.graph().edges().get(e);
      int from = unitOf[edge.producer()];
      if (from >= 0 && from != u) {
        us += Math.max(0, soc.transfers().transferUs(soc.unit(from), soc.unit(u), edge));
      }
    }
    return us;
  }

  /** Dispatch gap plus the cost model's duration, time-sliced against background threads on a CPU cluster. */
  double coreUs(Soc soc, Workload background, int v, int u, int threads) {
    Unit unit = soc.unit(u);
    int k = background.backgroundThreads().getOrDefault(u, 0);
    double slice = unit.isCpu() && k > 0 ? Math.max(1.0, (double) (threads + k) / unit.cores()) : 1.0;
    return unit.dispatchUs() + stream.cost().durationUs(job.graph().op(v), unit, threads) * slice;
  }

  boolean supports(Soc soc, int v, int u) {
    return stream.cost().supports(job.graph().op(v), soc.unit(u));
  }

  /** Where an op runs when the policy's unit cannot: the first CPU that can, else the first unit that can. */
  int fallbackUnit(Soc soc, int v) {
    for (Unit unit : soc.units()) {
      if (unit.isCpu() && supports(soc, v, unit.index())) {
        return unit.index();
      }
    }
    for (Unit unit : soc.units()) {
      if (supports(soc, v, unit.index())) {
        return unit.index();
      }
    }
    throw new IllegalArgumentException("no unit of " + soc.name() + " runs op " + job.graph().op(v).name());
  }

  /** Expected work of the ops not started yet, each at its best unit. */
  double remainingUs(Soc soc, Workload background) {
    double us = 0;
    for (int v = 0; v < started.length; v++) {
      if (!started[v]) {
        double best = Double.POSITIVE_INFINITY;
        for (int u = 0; u < soc.units().size(); u++) {
          if (supports(soc, v, u)) {
            best = Math.min(best, coreUs(soc, background, v, u, threadsOn(soc.unit(u))));
          }
        }
        us += Double.isFinite(best) ? best : 0;
      }
    }
    return us;
  }
}
