package org.socsim.engine;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.socsim.graph.Edge;
import org.socsim.graph.ModelGraph;
import org.socsim.plan.ExecutionPlan;
import org.socsim.plan.Placement;
import org.socsim.plan.Transfer;
import org.socsim.soc.CostModel;
import org.socsim.soc.Soc;
import org.socsim.soc.Unit;

/**
 * A plan compiled into immutable task templates for one request: ops then copies, with their unit, threads,
 * duration (dispatch + cost, time-sliced against background threads), memory traffic, output bytes, dependency
 * counts, dependents, who releases each result, and each unit's issue order. Every request instantiates them.
 */
final class TaskTemplates {
  private final ModelGraph graph;
  private final Soc soc;
  private final ExecutionPlan plan;
  private final CostModel cost;
  private final Workload workload;
  final int nUnits;
  final int nOps;
  /** Tasks of one request (ops then copies); instance id = request * perRequest + task. */
  final int perRequest;
  final int[] taskUnit;
  final int[] taskThreads;
  final double[] taskDur;
  final double[] taskLead;
  final double[] taskBytes;
  /** Bytes a task's result occupies on its unit (op output, or the copied tensor) and who releases it. */
  final double[] outBytes;
  final int[] consumers0;
  /** Who releases each task's result: {@code rel[relStart[t] .. relStart[t + 1])} (compressed rows). */
  final int[] relStart;
  final int[] rel;
  final int[] pending0;
  /** Tasks waiting on each task: {@code dep[depStart[t] .. depStart[t + 1])} (compressed rows). */
  final int[] depStart;
  final int[] dep;
  final int[][] issue;

  TaskTemplates(ModelGraph graph, Soc soc, ExecutionPlan plan, CostModel cost, Workload workload) {
    this.graph = graph;
    this.soc = soc;
    this.plan = plan;
    this.cost = cost;
    this.workload = workload;
    this.nUnits = soc.units().size();
    this.nOps = graph.size();
    this.perRequest = nOps + plan.transfers().size();
    this.taskUnit = new int[perRequest];
    this.taskThreads = new int[perRequest];
    this.taskDur = new double[perRequest];
    this.taskLead = new double[perRequest];
    this.taskBytes = new double[perRequest];
    this.outBytes = new double[perRequest];
    this.consumers0 = new int[perRequest];
    this.pending0 = new int[perRequest];

    for (int op = 0; op < nOps; op++) {
      Placement p = plan.placement(op);
      Unit u = soc.unit(p.unit());
      taskUnit[op] = p.unit();
      taskThreads[op] = p.threads();
      taskLead[op] = u.dispatchUs();
      taskDur[op] = u.dispatchUs() + cost.durationUs(graph.op(op), u, p.threads()) * timeSlice(u, p.threads());
      taskBytes[op] = Math.max(0, cost.memoryBytes(graph.op(op), u));
      outBytes[op] = graph.op(op).features().bytesOut() > 0 ? graph.op(op).features().bytesOut()
          : taskBytes[op] / 2;
      if (!(taskDur[op] >= 0) || Double.isInfinite(taskDur[op])) {
        throw new IllegalArgumentException("cost model gives no duration for " + graph.op(op).name() + " on "
            + u.id() + " with " + p.threads() + " threads");
      }
    }
    List<Edge> edges = graph.edges();
    int nTransfers = plan.transfers().size();
    int[] transferOfEdge = new int[edges.size()];
    Arrays.fill(transferOfEdge, -1);
    // dependency pairs (from -> to) in a fixed order: copies after their producer, then graph edges
    int[] from = new int[nTransfers + edges.size()];
    int[] to = new int[from.length];
    int m = 0;
    int[] beforeOp = new int[nTransfers]; // consumer op of each copy, to issue copies just before it
    for (int k = 0; k < nTransfers; k++) {
      Transfer tr = plan.transfers().get(k);
      int t = nOps + k;
      Edge e = edges.get(tr.edge());
      taskUnit[t] = tr.executor();
      taskThreads[t] = tr.threads();
      taskDur[t] = tr.durationUs();
      taskBytes[t] = e.bytesKnown() ? 2.0 * e.bytes() : 0.0;
      outBytes[t] = e.bytesKnown() ? e.bytes() : outBytes[e.producer()];
      transferOfEdge[tr.edge()] = t;
      for (int shared : tr.sharedBy()) {
        transferOfEdge[shared] = t;
      }
      from[m] = e.producer();
      to[m++] = t;
      pending0[t]++;
      beforeOp[k] = e.consumer();
    }
    for (int e = 0; e < edges.size(); e++) {
      Edge edge = edges.get(e);
      from[m] = transferOfEdge[e] >= 0 ? transferOfEdge[e] : edge.producer();
      to[m++] = edge.consumer();
      pending0[edge.consumer()]++;
    }
    depStart = rowStarts(perRequest, from, m);
    dep = rows(depStart, from, to, m);
    // a task's result is released when every task reading it has finished: an op's output by its consumers
    // and copies, a copy by its consumer; graph outputs live to the end of the request
    int[] rFrom = new int[m];
    int[] rTo = new int[m];
    int n = 0;
    for (int t = 0; t < perRequest; t++) {
      for (int k = depStart[t]; k < depStart[t + 1]; k++) {
        rFrom[n] = dep[k];
        rTo[n++] = t;
        consumers0[t]++;
      }
    }
    relStart = rowStarts(perRequest, rFrom, n);
    rel = rows(relStart, rFrom, rTo, n);
    int[] copyIdx = new int[nTransfers];
    for (int k = 0; k < nTransfers; k++) {
      copyIdx[k] = nOps + k;
    }
    int[] beforeStart = rowStarts(nOps, beforeOp, nTransfers);
    int[] before = rows(beforeStart, beforeOp, copyIdx, nTransfers);
    int[] count = new int[nUnits];
    int[] order = plan.issueOrder();
    for (int op : order) {
      for (int k = beforeStart[op]; k < beforeStart[op + 1]; k++) {
        count[taskUnit[before[k]]]++;
      }
      count[taskUnit[op]]++;
    }
    issue = new int[nUnits][];
    for (int u = 0; u < nUnits; u++) {
      issue[u] = new int[count[u]];
    }
    int[] fill = new int[nUnits];
    for (int op : order) {
      for (int k = beforeStart[op]; k < beforeStart[op + 1]; k++) {
        int t = before[k];
        issue[taskUnit[t]][fill[taskUnit[t]]++] = t;
      }
      issue[taskUnit[op]][fill[taskUnit[op]]++] = op;
    }
  }

  /** Row starts of pairs grouped by {@code from} (n + 1 entries; row i is [start[i], start[i + 1])). */
  private static int[] rowStarts(int n, int[] from, int m) {
    int[] start = new int[n + 1];
    for (int k = 0; k < m; k++) {
      start[from[k] + 1]++;
    }
    for (int i = 0; i < n; i++) {
      start[i + 1] += start[i];
    }
    return start;
  }

  /** Row i = the {@code to[k]} of every pair with {@code from[k] == i}, in pair order, in one flat array. */
  private static int[] rows(int[] start, int[] from, int[] to, int m) {
    int[] flat = new int[m];
    int[] fill = java.util.Arrays.copyOf(start, start.length - 1);
    for (int k = 0; k < m; k++) {
      flat[fill[from[k]]++] = to[k];
    }
    return flat;
  }

  private String[] labels;

  /** Span name of template task {@code t} (an op's name, or {@code copy a->b producer => consumer}); built once. */
  String label(int t) {
    if (labels == null) {
      labels = new String[perRequest];
    }
    String l = labels[t];
    if (l == null) {
      if (t < nOps) {
        l = graph.op(t).name();
      } else {
        Transfer tr = plan.transfers().get(t - nOps);
        Edge e = graph.edges().get(tr.edge());
        l = "copy " + soc.unit(tr.fromUnit()).id() + "->" + soc.unit(tr.toUnit()).id() + " "
            + graph.op(e.producer()).name() + " => " + graph.op(e.consumer()).name();
      }
      labels[t] = l;
    }
    return l;
  }

  boolean isFallback(int t) {
    return t < nOps && plan.isFallback(t);
  }

  /** Fair time slicing against background threads on a CPU cluster. */
  private double timeSlice(Unit u, int threads) {
    int k = workload.backgroundThreads().getOrDefault(u.index(), 0);
    return u.isCpu() && k > 0 ? Math.max(1.0, (double) (threads + k) / u.cores()) : 1.0;
  }
}
