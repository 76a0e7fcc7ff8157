package org.socsim.engine;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.socsim.graph.Edge;
import org.socsim.graph.ModelGraph;
import org.socsim.plan.ExecutionPlan;
import org.socsim.plan.Placement;
import org.socsim.plan.Transfer;
import org.socsim.result.RunResult;
import org.socsim.result.Span;
import org.socsim.result.Timeline;
import org.socsim.result.UnitStats;
import org.socsim.soc.CostModel;
import org.socsim.soc.Soc;
import org.socsim.soc.Unit;
import umontreal.ssj.simevents.Event;
import umontreal.ssj.simevents.Simulator;
import umontreal.ssj.simevents.eventlist.BinaryTree;

/**
 * Replays one inference of an {@link ExecutionPlan} on a {@link Soc}.
 *
 * <p>Tasks are ops and transfers. Each unit starts its tasks strictly in issue order (a queue): the head task
 * starts once its inputs are done, a stream is free and enough cores are free; later tasks wait behind it.
 * A transfer runs on its executor's queue just before its consumer. One SSJ {@link Simulator} per run.
 */
public final class Simulation {
  private final ModelGraph graph;
  private final Soc soc;
  private final ExecutionPlan plan;
  private final CostModel cost;

  /**
   * @param graph the model graph; the run uses {@code plan.graph()}, which is this graph or a refinement of it
   *              (slices) made by the strategy
   */
  public Simulation(ModelGraph graph, Soc soc, ExecutionPlan plan, CostModel cost) {
    if (plan.graph() != graph && !plan.graph().name().equals(graph.name())) {
      throw new IllegalArgumentException("plan is for graph " + plan.graph().name() + ", not " + graph.name());
    }
    this.graph = plan.graph();
    this.soc = soc;
    this.plan = plan;
    this.cost = cost;
  }

  public RunResult run() {
    return new Run().execute();
  }

  /** Mutable state of one run; discarded afterwards. */
  private final class Run {
    private final Simulator simulator = new Simulator(new BinaryTree());
    private final int nOps = graph.size();
    private final int nTasks = nOps + plan.transfers().size();
    private final int[] taskUnit = new int[nTasks];
    private final int[] taskThreads = new int[nTasks];
    private final double[] taskDur = new double[nTasks];
    private final double[] taskLead = new double[nTasks];
    private final int[] pending = new int[nTasks];
    private final int[][] dependents;
    private final int[][] queue;
    private final int[] head;
    private final int[] freeCores;
    private final boolean[][] laneBusy;
    private final int[] running;
    private final double[] busySince;
    private final double[] busyUs;
    private final double[] coreBusyUs;
    private final int[] opCount;
    private final int[] transferCount;
    private final int[] taskLane = new int[nTasks];
    private final double[] taskStart = new double[nTasks];
    private final List<Span> spans = new ArrayList<>(nTasks);
    private long events;
    private double lastEnd;

    Run() {
      int nUnits = soc.units().size();
      List<List<Integer>> deps = new ArrayList<>();
      for (int t = 0; t < nTasks; t++) {
        deps.add(new ArrayList<>());
      }
      for (int op = 0; op < nOps; op++) {
        Placement p = plan.placement(op);
        Unit u = soc.unit(p.unit());
        taskUnit[op] = p.unit();
        taskThreads[op] = p.threads();
        taskLead[op] = u.dispatchUs();
        taskDur[op] = u.dispatchUs() + cost.durationUs(graph.op(op), u, p.threads());
        if (!(taskDur[op] >= 0) || Double.isInfinite(taskDur[op])) {
          throw new IllegalArgumentException("cost model gives no duration for " + graph.op(op).name() + " on "
              + u.id() + " with " + p.threads() + " threads");
        }
      }
      int[] transferOfEdge = new int[graph.edges().size()];
      Arrays.fill(transferOfEdge, -1);
      List<List<Integer>> transfersBefore = new ArrayList<>();
      for (int op = 0; op < nOps; op++) {
        transfersBefore.add(new ArrayList<>());
      }
      for (int k = 0; k < plan.transfers().size(); k++) {
        Transfer tr = plan.transfers().get(k);
        int t = nOps + k;
        Edge e = graph.edges().get(tr.edge());
        taskUnit[t] = tr.executor();
        taskThreads[t] = tr.threads();
        taskDur[t] = tr.durationUs();
        transferOfEdge[tr.edge()] = t;
        deps.get(e.producer()).add(t);
        pending[t]++;
        transfersBefore.get(e.consumer()).add(t);
      }
      for (int e = 0; e < graph.edges().size(); e++) {
        Edge edge = graph.edges().get(e);
        int src = transferOfEdge[e] >= 0 ? transferOfEdge[e] : edge.producer();
        deps.get(src).add(edge.consumer());
        pending[edge.consumer()]++;
      }
      dependents = new int[nTasks][];
      for (int t = 0; t < nTasks; t++) {
        dependents[t] = deps.get(t).stream().mapToInt(Integer::intValue).toArray();
      }
      List<List<Integer>> q = new ArrayList<>();
      for (int u = 0; u < nUnits; u++) {
        q.add(new ArrayList<>());
      }
      for (int op : plan.issueOrder()) {
        for (int t : transfersBefore.get(op)) {
          q.get(taskUnit[t]).add(t);
        }
        q.get(taskUnit[op]).add(op);
      }
      queue = new int[nUnits][];
      for (int u = 0; u < nUnits; u++) {
        queue[u] = q.get(u).stream().mapToInt(Integer::intValue).toArray();
      }
      head = new int[nUnits];
      freeCores = new int[nUnits];
      laneBusy = new boolean[nUnits][];
      for (int u = 0; u < nUnits; u++) {
        freeCores[u] = soc.unit(u).cores();
        laneBusy[u] = new boolean[soc.unit(u).streams()];
      }
      running = new int[nUnits];
      busySince = new double[nUnits];
      busyUs = new double[nUnits];
      coreBusyUs = new double[nUnits];
      opCount = new int[nUnits];
      transferCount = new int[nUnits];
    }

    RunResult execute() {
      simulator.init();
      for (int u = 0; u < queue.length; u++) {
        dispatch(u);
      }
      simulator.start();
      int done = 0;
      for (int[] q : queue) {
        done += q.length;
      }
      for (int u = 0; u < queue.length; u++) {
        if (head[u] < queue[u].length) {
          throw new IllegalStateException("deadlock: unit " + soc.unit(u).id() + " stuck before "
              + label(queue[u][head[u]]) + " (" + (done - remaining()) + " of " + done + " tasks ran)");
        }
      }
      List<UnitStats> stats = new ArrayList<>();
      for (int u = 0; u < queue.length; u++) {
        stats.add(new UnitStats(soc.unit(u).id(), busyUs[u], coreBusyUs[u],
            lastEnd > 0 ? busyUs[u] / lastEnd : 0.0, opCount[u], transferCount[u]));
      }
      List<String> ids = soc.units().stream().map(Unit::id).toList();
      return new RunResult(lastEnd, stats, events, new Timeline(ids, spans));
    }

    private int remaining() {
      int r = 0;
      for (int u = 0; u < queue.length; u++) {
        r += queue[u].length - head[u];
      }
      return r;
    }

    /** Starts as many head-of-queue tasks on unit {@code u} as inputs, streams and cores allow. */
    private void dispatch(int u) {
      while (head[u] < queue[u].length) {
        int t = queue[u][head[u]];
        if (pending[t] > 0 || freeCores[u] < taskThreads[t]) {
          return;
        }
        int lane = freeLane(u);
        if (lane < 0) {
          return;
        }
        head[u]++;
        start(t, u, lane);
      }
    }

    private int freeLane(int u) {
      boolean[] lanes = laneBusy[u];
      for (int i = 0; i < lanes.length; i++) {
        if (!lanes[i]) {
          return i;
        }
      }
      return -1;
    }

    private void start(int t, int u, int lane) {
      double now = simulator.time();
      laneBusy[u][lane] = true;
      freeCores[u] -= taskThreads[t];
      if (running[u]++ == 0) {
        busySince[u] = now;
      }
      taskLane[t] = lane;
      taskStart[t] = now;
      new TaskEnd(simulator, t).schedule(taskDur[t]);
    }

    private void finish(int t) {
      events++;
      double now = simulator.time();
      int u = taskUnit[t];
      laneBusy[u][taskLane[t]] = false;
      freeCores[u] += taskThreads[t];
      if (--running[u] == 0) {
        busyUs[u] += now - busySince[u];
      }
      coreBusyUs[u] += taskDur[t] * taskThreads[t];
      boolean isOp = t < nOps;
      if (isOp) {
        opCount[u]++;
      } else {
        transferCount[u]++;
      }
      double lead = taskLead[t];
      String kind = !isOp ? "transfer" : plan.isFallback(t) ? "fallback" : "op";
      spans.add(new Span(u, taskLane[t], label(t), kind, taskStart[t] + lead,
          taskDur[t] - lead, taskThreads[t]));
      lastEnd = Math.max(lastEnd, now);
      int[] next = dependents[t];
      boolean[] touched = new boolean[queue.length];
      touched[u] = true;
      for (int d : next) {
        if (--pending[d] == 0) {
          touched[taskUnit[d]] = true;
        }
      }
      for (int v = 0; v < queue.length; v++) {
        if (touched[v]) {
          dispatch(v);
        }
      }
    }

    private String label(int t) {
      if (t < nOps) {
        return graph.op(t).name();
      }
      Transfer tr = plan.transfers().get(t - nOps);
      Edge e = graph.edges().get(tr.edge());
      return "copy " + soc.unit(tr.fromUnit()).id() + "->" + soc.unit(tr.toUnit()).id() + " "
          + graph.op(e.producer()).name() + " => " + graph.op(e.consumer()).name();
    }

    /** Completion of one task. */
    private final class TaskEnd extends Event {
      private final int task;

      TaskEnd(Simulator simulator, int task) {
        super(simulator);
        this.task = task;
      }

      @Override
      public void actions() {
        finish(task);
      }
    }
  }
}
