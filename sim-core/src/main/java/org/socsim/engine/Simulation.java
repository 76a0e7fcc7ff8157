package org.socsim.engine;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.socsim.graph.ModelGraph;
import org.socsim.plan.ExecutionPlan;
import org.socsim.result.RunResult;
import org.socsim.result.Span;
import org.socsim.result.Timeline;
import org.socsim.soc.CostModel;
import org.socsim.soc.Soc;
import org.socsim.soc.Unit;
import umontreal.ssj.simevents.Event;
import umontreal.ssj.simevents.Simulator;
import umontreal.ssj.simevents.eventlist.BinaryTree;

/**
 * Replays an {@link ExecutionPlan} on a {@link Soc}: one inference, or a {@link Workload} of several requests
 * beside UI rendering and background threads.
 *
 * <p>Tasks are ops and copies. Each unit has a FIFO queue: a request's tasks are appended in the plan's issue order
 * when the request arrives. The head task starts once its inputs are done, a stream is free and enough cores are
 * free; later tasks wait behind it. UI frames have their own queue on their unit, served first whenever the unit
 * frees up (the compositor's context wins arbitration at kernel boundaries; a running kernel is not preempted). A copy runs on its executor's queue just before
 * its consumer. Background threads share a CPU cluster's cores with the ops by fair time slicing: an op with t
 * threads beside k background threads on c cores runs max(1, (t + k) / c) times slower. One SSJ
 * {@link Simulator} per run.
 */
public final class Simulation {
  private final ModelGraph graph;
  private final Soc soc;
  private final ExecutionPlan plan;
  private final CostModel cost;
  private final Workload workload;
  private final Dynamics dynamics;

  /**
   * @param graph the model graph; the run uses {@code plan.graph()}, which is this graph or a refinement of it
   *              (slices) made by the strategy
   */
  public Simulation(ModelGraph graph, Soc soc, ExecutionPlan plan, CostModel cost) {
    this(graph, soc, plan, cost, Workload.single());
  }

  public Simulation(ModelGraph graph, Soc soc, ExecutionPlan plan, CostModel cost, Workload workload) {
    this(graph, soc, plan, cost, workload, Dynamics.none());
  }

  public Simulation(ModelGraph graph, Soc soc, ExecutionPlan plan, CostModel cost, Workload workload,
      Dynamics dynamics) {
    if (plan.graph() != graph && !plan.graph().name().equals(graph.name())) {
      throw new IllegalArgumentException("plan is for graph " + plan.graph().name() + ", not " + graph.name());
    }
    this.graph = plan.graph();
    this.soc = soc;
    this.plan = plan;
    this.cost = cost;
    this.workload = workload;
    this.dynamics = dynamics;
    if (workload.ui() != null && (workload.ui().unit() < 0 || workload.ui().unit() >= soc.units().size())) {
      throw new IllegalArgumentException("UI load on unknown unit index " + workload.ui().unit());
    }
  }

  public RunResult run() {
    return new Run().execute();
  }

  /** Mutable state of one run; discarded afterwards. */
  private final class Run {
    private final Simulator simulator = new Simulator(new BinaryTree());
    private final TaskTemplates tpl = new TaskTemplates(graph, soc, plan, cost, workload);
    private final int nOps = tpl.nOps;
    /** Tasks of one request (ops then copies); instance id = request * perRequest + task. */
    private final int perRequest = tpl.perRequest;
    private final int[] taskUnit = tpl.taskUnit;
    private final int[] taskThreads = tpl.taskThreads;
    private final double[] taskDur = tpl.taskDur;
    private final int nUnits = soc.units().size();
    private final UnitPool units = new UnitPool(soc);
    private final PowerThermal power = new PowerThermal(dynamics, units);
    private final List<IntQueue> queue = new ArrayList<>();
    private final IntQueue uiQueue = new IntQueue();
    private final boolean[] touched = new boolean[nUnits];
    private final List<Span> spans = new ArrayList<>();
    /** Per instance (request tasks, then UI frames, appended as they are created). */
    private int[] pending = new int[0];
    private int[] lane = new int[0];
    private double[] startAt = new double[0];
    private double[] remaining = new double[0];
    private double[] rate = new double[0];
    private double[] lastUpdate = new double[0];
    private Event[] endEvent = new Event[0];
    private int[] consumersLeft = new int[0];
    private final List<Integer> active = new ArrayList<>();
    private final double[] liveBytes = new double[nUnits];
    private final double[] peakBytes = new double[nUnits];
    private final List<double[]> frames = new ArrayList<>();
    private final double[] arrival;
    private final int[] left;
    private final double[] requestDone;
    private int requestsDone;
    private int framesDropped;
    private long events;
    private double lastEnd;

    Run() {
      for (int u = 0; u < nUnits; u++) {
        queue.add(new IntQueue());
      }
      int r = workload.requests();
      arrival = new double[r];
      left = new int[r];
      requestDone = new double[r];
      grow(perRequest * r);
    }

    private void grow(int n) {
      if (pending.length < n) {
        int capacity = Math.max(n, pending.length * 2);
        pending = Arrays.copyOf(pending, capacity);
        lane = Arrays.copyOf(lane, capacity);
        startAt = Arrays.copyOf(startAt, capacity);
        remaining = Arrays.copyOf(remaining, capacity);
        rate = Arrays.copyOf(rate, capacity);
        lastUpdate = Arrays.copyOf(lastUpdate, capacity);
        endEvent = Arrays.copyOf(endEvent, capacity);
        consumersLeft = Arrays.copyOf(consumersLeft, capacity);
      }
    }

    RunResult execute() {
      simulator.init();
      if (power.ticks()) {
        new Call(simulator, this::tick).schedule(dynamics.governorPeriodUs());
      }
      new Call(simulator, () -> arrive(0)).schedule(0);
      if (workload.periodUs() > 0) {
        for (int r = 1; r < workload.requests(); r++) {
          int request = r;
          new Call(simulator, () -> arrive(request)).schedule(r * workload.periodUs());
        }
      }
      if (workload.ui() != null) {
        new Call(simulator, this::vsync).schedule(0);
      }
      simulator.start();
      for (int u = 0; u < nUnits; u++) {
        if (!queue.get(u).isEmpty()) {
          throw new IllegalStateException("deadlock: unit " + soc.unit(u).id() + " stuck before "
              + tpl.label(queue.get(u).peek() % perRequest));
        }
      }
      power.account(lastEnd);
      List<Double> lat = new ArrayList<>();
      for (int r = 0; r < workload.requests(); r++) {
        lat.add(requestDone[r] - arrival[r]);
      }
      List<String> ids = soc.units().stream().map(Unit::id).toList();
      return new RunResult(lastEnd, units.stats(lastEnd, power.energyJ, peakBytes), events, new Timeline(ids, spans),
          lat, frames.size(), framesDropped, power.totalMj(), power.peakTempC());
    }

    private boolean isFrame(int inst) {
      return inst >= perRequest * workload.requests();
    }

    private int unitOf(int inst) {
      return isFrame(inst) ? workload.ui().unit() : taskUnit[inst % perRequest];
    }

    private int threadsOf(int inst) {
      return isFrame(inst) ? 1 : taskThreads[inst % perRequest];
    }

    private double durOf(int inst) {
      return isFrame(inst) ? workload.ui().frameUs() : taskDur[inst % perRequest];
    }

    private double bytesOf(int inst) {
      return isFrame(inst) ? 0 : tpl.taskBytes[inst % perRequest];
    }

    private void arrive(int r) {
      power.account(simulator.time());
      arrival[r] = simulator.time();
      left[r] = perRequest;
      int base = r * perRequest;
      for (int t = 0; t < perRequest; t++) {
        pending[base + t] = tpl.pending0[t];
        consumersLeft[base + t] = tpl.consumers0[t];
      }
      for (int u = 0; u < nUnits; u++) {
        for (int t : tpl.issue[u]) {
          queue.get(u).add(base + t);
        }
      }
      for (int u = 0; u < nUnits; u++) {
        dispatch(u);
      }
    }

    /** A display refresh: submits one UI frame, due at the next vsync. */
    private void vsync() {
      if (requestsDone == workload.requests()) {
        return;
      }
      power.account(simulator.time());
      Workload.Ui ui = workload.ui();
      int inst = perRequest * workload.requests() + frames.size();
      grow(inst + 1);
      pending[inst] = 0;
      frames.add(new double[] {simulator.time() + ui.periodUs()});
      uiQueue.add(inst);
      dispatch(ui.unit());
      new Call(simulator, this::vsync).schedule(ui.periodUs());
    }

    /** Starts as many head-of-queue tasks on unit {@code u} as inputs, streams and cores allow. */
    private void dispatch(int u) {
      if (workload.ui() != null && workload.ui().unit() == u) {
        startReady(uiQueue, u);
      }
      startReady(queue.get(u), u);
    }

    private void startReady(IntQueue q, int u) {
      while (!q.isEmpty()) {
        int inst = q.peek();
        if (pending[inst] > 0) {
          return;
        }
        int l = units.freeLane(u, threadsOf(inst));
        if (l < 0) {
          return;
        }
        q.poll();
        start(inst, u, l);
      }
    }

    private void start(int inst, int u, int l) {
      double now = simulator.time();
      units.acquire(u, l, threadsOf(inst), now);
      lane[inst] = l;
      startAt[inst] = now;
      if (!isFrame(inst)) {
        liveBytes[u] += tpl.outBytes[inst % perRequest];
        peakBytes[u] = Math.max(peakBytes[u], liveBytes[u]);
      }
      Event end = new TaskEnd(simulator, inst);
      endEvent[inst] = end;
      remaining[inst] = durOf(inst);
      rate[inst] = 1.0;
      lastUpdate[inst] = now;
      end.schedule(durOf(inst));
      if (dynamics.changesSpeed()) {
        active.add(inst);
        retime();
      }
    }

    /** Re-times every running task with {@link RateModel}; completion events move accordingly. */
    private void retime() {
      double now = simulator.time();
      int n = active.size();
      double[] demand = new double[n];
      for (int k = 0; k < n; k++) {
        int inst = active.get(k);
        remaining[inst] = Math.max(0, remaining[inst] - rate[inst] * (now - lastUpdate[inst]));
        lastUpdate[inst] = now;
        demand[k] = durOf(inst) > 0 ? bytesOf(inst) / durOf(inst) : 0;
      }
      double[] alloc = RateModel.allocate(demand, dynamics.dramBytesPerUs());
      for (int k = 0; k < n; k++) {
        int inst = active.get(k);
        double r = RateModel.rate(power.level[unitOf(inst)], demand[k], alloc[k]);
        if (r != rate[inst]) {
          rate[inst] = r;
          endEvent[inst].reschedule(remaining[inst] / r);
        }
      }
    }

    /** A governor period: energy, thermal update, new frequency levels, re-timing. */
    private void tick() {
      double now = simulator.time();
      power.account(now);
      power.tick(now);
      retime();
      if (requestsDone < workload.requests()) {
        new Call(simulator, this::tick).schedule(dynamics.governorPeriodUs());
      }
    }

    private void finish(int inst) {
      events++;
      double now = simulator.time();
      power.account(now);
      int u = unitOf(inst);
      double took = now - startAt[inst];
      units.release(u, lane[inst], threadsOf(inst), now, took);
      lastEnd = Math.max(lastEnd, now);
      if (dynamics.changesSpeed()) {
        active.remove(Integer.valueOf(inst));
      }
      Arrays.fill(touched, false);
      touched[u] = true;
      if (isFrame(inst)) {
        int f = inst - perRequest * workload.requests();
        if (now > frames.get(f)[0] + 1e-9) {
          framesDropped++;
        }
        spans.add(new Span(u, lane[inst], "ui frame " + f, "ui", startAt[inst], took, 1));
      } else {
        finishTask(inst, u, now, took);
      }
      for (int v = 0; v < nUnits; v++) {
        if (touched[v]) {
          dispatch(v);
        }
      }
      if (dynamics.changesSpeed()) {
        retime();
      }
    }

    /** Bookkeeping of a request's task: counts, span, dependents, memory release, request completion. */
    private void finishTask(int inst, int u, double now, double took) {
      int r = inst / perRequest;
      int t = inst % perRequest;
      boolean isOp = t < nOps;
      if (isOp) {
        units.opCount[u]++;
      } else {
        units.transferCount[u]++;
      }
      double lead = tpl.taskLead[t];
      String kind = !isOp ? "transfer" : tpl.isFallback(t) ? "fallback" : "op";
      String name = workload.requests() > 1 ? "r" + r + " " + tpl.label(t) : tpl.label(t);
      spans.add(new Span(u, lane[inst], name, kind, startAt[inst] + lead, took - lead, threadsOf(inst)));
      for (int d : tpl.dependents[t]) {
        if (--pending[r * perRequest + d] == 0) {
          touched[taskUnit[d]] = true;
        }
      }
      for (int src : tpl.releases[t]) {
        if (--consumersLeft[r * perRequest + src] == 0) {
          liveBytes[taskUnit[src]] -= tpl.outBytes[src];
        }
      }
      if (--left[r] == 0) {
        requestDone[r] = now;
        requestsDone++;
        if (workload.periodUs() == 0 && r + 1 < workload.requests()) {
          arrive(r + 1);
        }
      }
    }

    /** Completion of one task (its own class: the most frequent event). */
    private final class TaskEnd extends Event {
      private final int inst;

      TaskEnd(Simulator simulator, int inst) {
        super(simulator);
        this.inst = inst;
      }

      @Override
      public void actions() {
        finish(inst);
      }
    }
  }
}
