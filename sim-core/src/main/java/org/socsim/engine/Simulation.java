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
    private final double[] taskLead = tpl.taskLead;
    private final double[] taskBytes = tpl.taskBytes;
    private final double[] outBytes = tpl.outBytes;
    private final int[] consumers0 = tpl.consumers0;
    private final int[][] releases = tpl.releases;
    private final int[] pending0 = tpl.pending0;
    private final int[][] dependents = tpl.dependents;
    private final int[][] issue = tpl.issue;
    private final int nUnits = soc.units().size();
    private final List<IntQueue> queue = new ArrayList<>();
    private final IntQueue uiQueue = new IntQueue();
    private final boolean[] touched = new boolean[nUnits];
    private final int[] freeCores = new int[nUnits];
    private final boolean[][] laneBusy = new boolean[nUnits][];
    private final int[] running = new int[nUnits];
    private final double[] busySince = new double[nUnits];
    private final double[] busyUs = new double[nUnits];
    private final double[] coreBusyUs = new double[nUnits];
    private final int[] opCount = new int[nUnits];
    private final int[] transferCount = new int[nUnits];
    private final List<Span> spans = new ArrayList<>();
    /** Per instance (request tasks, then UI frames, appended as they are created). */
    private int[] pending = new int[0];
    private int[] lane = new int[0];
    private double[] startAt = new double[0];
    private double[] remaining = new double[0];
    private double[] rate = new double[0];
    private double[] lastUpdate = new double[0];
    private Event[] endEvent = new Event[0];
    private final List<Integer> active = new ArrayList<>();
    private final double[] level = new double[nUnits];
    private double cap = 1.0;
    private final double[] energyJ = new double[nUnits];
    private final double[] liveBytes = new double[nUnits];
    private final double[] peakBytes = new double[nUnits];
    private int[] consumersLeft = new int[0];
    private double lastAccount;
    private final double[] busyAtTick = new double[nUnits];
    private double energyAtTick;
    private double tempC;
    private double peakTempC = Double.NaN;
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
        Unit unit = soc.unit(u);
        freeCores[u] = unit.cores();
        laneBusy[u] = new boolean[unit.streams()];
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
      Arrays.fill(level, 1.0);
      if (dynamics.thermal() != null) {
        tempC = dynamics.thermal().ambientC();
        peakTempC = tempC;
      }
      if (dynamics.changesSpeed() && (dynamics.governor() != Dynamics.Governor.PERFORMANCE
          || dynamics.thermal() != null)) {
        new Tick(simulator).schedule(dynamics.governorPeriodUs());
      }
      new Arrive(simulator, 0).schedule(0);
      if (workload.periodUs() > 0) {
        for (int r = 1; r < workload.requests(); r++) {
          new Arrive(simulator, r).schedule(r * workload.periodUs());
        }
      }
      if (workload.ui() != null) {
        new Vsync(simulator, 0).schedule(0);
      }
      simulator.start();
      for (int u = 0; u < nUnits; u++) {
        if (!queue.get(u).isEmpty()) {
          throw new IllegalStateException("deadlock: unit " + soc.unit(u).id() + " stuck before "
              + label(queue.get(u).peek()));
        }
      }
      account(lastEnd);
      List<UnitStats> stats = new ArrayList<>();
      double total = 0;
      for (int u = 0; u < nUnits; u++) {
        stats.add(new UnitStats(soc.unit(u).id(), busyUs[u], coreBusyUs[u],
            lastEnd > 0 ? busyUs[u] / lastEnd : 0.0, opCount[u], transferCount[u], energyJ[u] * 1000, peakBytes[u]));
        total += energyJ[u] * 1000;
      }
      List<Double> lat = new ArrayList<>();
      for (int r = 0; r < workload.requests(); r++) {
        lat.add(requestDone[r] - arrival[r]);
      }
      List<String> ids = soc.units().stream().map(Unit::id).toList();
      return new RunResult(lastEnd, stats, events, new Timeline(ids, spans), lat, frames.size(), framesDropped, total,
          peakTempC);
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

    private void arrive(int r) {
      account(simulator.time());
      arrival[r] = simulator.time();
      left[r] = perRequest;
      int base = r * perRequest;
      for (int t = 0; t < perRequest; t++) {
        pending[base + t] = pending0[t];
        consumersLeft[base + t] = consumers0[t];
      }
      for (int u = 0; u < nUnits; u++) {
        for (int t : issue[u]) {
          queue.get(u).add(base + t);
        }
      }
      for (int u = 0; u < nUnits; u++) {
        dispatch(u);
      }
    }

    private void vsync(int k) {
      if (requestsDone == workload.requests()) {
        return;
      }
      account(simulator.time());
      Workload.Ui ui = workload.ui();
      int inst = perRequest * workload.requests() + frames.size();
      grow(inst + 1);
      pending[inst] = 0;
      frames.add(new double[] {simulator.time() + ui.periodUs()});
      uiQueue.add(inst);
      dispatch(ui.unit());
      new Vsync(simulator, k + 1).schedule(ui.periodUs());
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
        if (pending[inst] > 0 || freeCores[u] < threadsOf(inst)) {
          return;
        }
        int l = freeLane(u);
        if (l < 0) {
          return;
        }
        q.poll();
        start(inst, u, l);
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

    private void start(int inst, int u, int l) {
      double now = simulator.time();
      laneBusy[u][l] = true;
      freeCores[u] -= threadsOf(inst);
      if (running[u]++ == 0) {
        busySince[u] = now;
      }
      lane[inst] = l;
      startAt[inst] = now;
      if (!isFrame(inst)) {
        liveBytes[u] += outBytes[inst % perRequest];
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

    /** Energy of every unit up to {@code now} at its current state. */
    private void account(double now) {
      if (dynamics.power().isEmpty()) {
        return;
      }
      double dt = (now - lastAccount) / 1e6;
      if (dt > 0) {
        for (int u = 0; u < nUnits; u++) {
          Dynamics.Power p = dynamics.power().get(u);
          if (p != null) {
            if (running[u] == 0) {
              energyJ[u] += p.idleW() * dt;
            } else {
              Unit unit = soc.unit(u);
              double share = unit.isCpu() ? (double) (unit.cores() - freeCores[u]) / unit.cores() : 1.0;
              energyJ[u] += (p.staticW() + p.dynamicW() * level[u] * level[u] * level[u] * share) * dt;
            }
          }
        }
      }
      lastAccount = Math.max(lastAccount, now);
    }

    private double bytesOf(int inst) {
      return isFrame(inst) ? 0 : taskBytes[inst % perRequest];
    }

    /**
     * Re-times every running task: DRAM bandwidth shared max-min fairly among the running tasks' demands (bytes over
     * solo duration), each task progressing at 1 / max(1 / frequency level, demand / allocation) (a roofline: a task
     * is slowed by whichever of compute and memory it is short of). Completion events move accordingly.
     */
    private void retime() {
      double now = simulator.time();
      int n = active.size();
      double[] demand = new double[n];
      Integer[] byDemand = new Integer[n];
      for (int k = 0; k < n; k++) {
        int inst = active.get(k);
        remaining[inst] = Math.max(0, remaining[inst] - rate[inst] * (now - lastUpdate[inst]));
        lastUpdate[inst] = now;
        double d = durOf(inst) > 0 ? bytesOf(inst) / durOf(inst) : 0;
        demand[k] = d;
        byDemand[k] = k;
      }
      double[] alloc = new double[n];
      Arrays.sort(byDemand, (a, b) -> Double.compare(demand[a], demand[b]));
      double left = dynamics.dramBytesPerUs();
      int users = 0;
      for (int k = 0; k < n; k++) {
        users += demand[k] > 0 ? 1 : 0;
      }
      for (int idx : byDemand) {
        if (demand[idx] <= 0) {
          continue;
        }
        double share = left / users;
        alloc[idx] = Math.min(demand[idx], share);
        left -= alloc[idx];
        users--;
      }
      for (int k = 0; k < n; k++) {
        int inst = active.get(k);
        double slow = 1.0 / level[unitOf(inst)];
        if (demand[k] > 0 && alloc[k] < demand[k]) {
          slow = Math.max(slow, demand[k] / alloc[k]);
        }
        double r = 1.0 / slow;
        if (r != rate[inst]) {
          rate[inst] = r;
          endEvent[inst].reschedule(remaining[inst] / r);
        }
      }
    }

    /** A governor period: thermal update, new frequency levels, re-timing. */
    private void tick() {
      double now = simulator.time();
      account(now);
      double period = dynamics.governorPeriodUs();
      double energy = Arrays.stream(energyJ).sum();
      Dynamics.Thermal th = dynamics.thermal();
      if (th != null) {
        double watts = (energy - energyAtTick) / (period / 1e6);
        tempC += (period / 1e6) * (watts - (tempC - th.ambientC()) / th.resistanceCPerW()) / th.capacitanceJPerC();
        peakTempC = Math.max(peakTempC, tempC);
        cap = tempC >= th.tripC() ? th.capLevel() : 1.0;
      }
      energyAtTick = energy;
      for (int u = 0; u < nUnits; u++) {
        double busy = busyUs[u] + (running[u] > 0 ? now - busySince[u] : 0);
        double util = Math.min(1.0, (busy - busyAtTick[u]) / period);
        busyAtTick[u] = busy;
        double want = switch (dynamics.governor()) {
          case PERFORMANCE -> 1.0;
          case POWERSAVE -> dynamics.levels().get(0);
          case SCHEDUTIL -> pick(1.25 * util);
        };
        level[u] = Math.min(want, Math.max(cap, dynamics.levels().get(0)));
      }
      retime();
      if (requestsDone < workload.requests()) {
        new Tick(simulator).schedule(period);
      }
    }

    private double pick(double atLeast) {
      for (double l : dynamics.levels()) {
        if (l >= atLeast - 1e-12) {
          return l;
        }
      }
      return 1.0;
    }

    private void finish(int inst) {
      events++;
      double now = simulator.time();
      account(now);
      int u = unitOf(inst);
      laneBusy[u][lane[inst]] = false;
      freeCores[u] += threadsOf(inst);
      if (--running[u] == 0) {
        busyUs[u] += now - busySince[u];
      }
      double took = now - startAt[inst];
      coreBusyUs[u] += took * threadsOf(inst);
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
        int r = inst / perRequest;
        int t = inst % perRequest;
        boolean isOp = t < nOps;
        if (isOp) {
          opCount[u]++;
        } else {
          transferCount[u]++;
        }
        double lead = taskLead[t];
        String kind = !isOp ? "transfer" : plan.isFallback(t) ? "fallback" : "op";
        String name = workload.requests() > 1 ? "r" + r + " " + label(t) : label(t);
        spans.add(new Span(u, lane[inst], name, kind, startAt[inst] + lead, took - lead, threadsOf(inst)));
        for (int d : dependents[t]) {
          if (--pending[r * perRequest + d] == 0) {
            touched[taskUnit[d]] = true;
          }
        }
        for (int src : releases[t]) {
          if (--consumersLeft[r * perRequest + src] == 0) {
            liveBytes[taskUnit[src]] -= outBytes[src];
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
      for (int v = 0; v < nUnits; v++) {
        if (touched[v]) {
          dispatch(v);
        }
      }
      if (dynamics.changesSpeed()) {
        retime();
      }
    }

    private String[] labels;

    /** Span name of template task {@code t}; copy labels are built once per run. */
    private String label(int t) {
      if (t >= perRequest) {
        return "ui frame";
      }
      if (labels == null) {
        labels = new String[perRequest];
      }
      String l = labels[t];
      if (l == null) {
        l = makeLabel(t);
        labels[t] = l;
      }
      return l;
    }

    private String makeLabel(int t) {
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

    /** Arrival of an inference request. */
    private final class Arrive extends Event {
      private final int request;

      Arrive(Simulator simulator, int request) {
        super(simulator);
        this.request = request;
      }

      @Override
      public void actions() {
        arrive(request);
      }
    }

    /** A governor period. */
    private final class Tick extends Event {
      Tick(Simulator simulator) {
        super(simulator);
      }

      @Override
      public void actions() {
        tick();
      }
    }

    /** A display refresh: submits one UI frame. */
    private final class Vsync extends Event {
      private final int k;

      Vsync(Simulator simulator, int k) {
        super(simulator);
        this.k = k;
      }

      @Override
      public void actions() {
        vsync(k);
      }
    }
  }
}
