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

  private boolean recordTimeline = true;

  /** Leaves the timeline (spans, names, per-task records) out: memory stays bounded; results are unchanged. */
  public Simulation withoutTimeline() {
    recordTimeline = false;
    return this;
  }

  /** The plan compiled into task templates: once per Simulation, whatever the number of runs. */
  private TaskTemplates templates;

  /** Runs the scenario; a Simulation may be run again (same result), its plan compiled only once. */
  public RunResult run() {
    if (templates == null) {
      templates = new TaskTemplates(graph, soc, plan, cost, workload);
    }
    return new Run().execute();
  }

  /** Mutable state of one run; discarded afterwards. Task instances live in recycled slots ({@link Instances}). */
  private final class Run {
    private final Simulator simulator = new Simulator(new BinaryTree());
    private final TaskTemplates tpl = templates;
    private final int nOps = tpl.nOps;
    private final int perRequest = tpl.perRequest;
    private final int[] taskUnit = tpl.taskUnit;
    private final int[] taskThreads = tpl.taskThreads;
    private final double[] taskDur = tpl.taskDur;
    private final int nUnits = soc.units().size();
    private final UnitPool units = new UnitPool(soc);
    private final PowerThermal power = new PowerThermal(dynamics, units, workload.backgroundThreads());
    private final CoRun coRun = dynamics.coRunOn(soc);
    private final List<IntQueue> queue = new ArrayList<>();
    private final IntQueue uiQueue = new IntQueue();
    private final boolean[] touched = new boolean[nUnits];
    private final Recorder rec = recordTimeline ? new Recorder(soc) : null;
    private final Instances in;
    private final List<Integer> active = new ArrayList<>();
    private final double[] liveBytes = new double[nUnits];
    private final double[] peakBytes = new double[nUnits];
    private int framesTotal;
    private final double[] arrival;
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
      requestDone = new double[r];
      in = new Instances(perRequest);
    }

    RunResult execute() {
      simulator.init();
      if (power.ticks()) {
        new Call(simulator, this::tick).schedule(dynamics.governorPeriodUs());
      }
      new Call(simulator, () -> arrive(0)).schedule(0);
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
      power.trimTo(lastEnd);
      List<Double> lat = new ArrayList<>(workload.requests());
      for (int r = 0; r < workload.requests(); r++) {
        lat.add(requestDone[r] - arrival[r]);
      }
      Timeline timeline = rec != null ? rec.timeline()
          : new Timeline(soc.units().stream().map(Unit::id).toList(), List.of());
      return new RunResult(lastEnd, units.stats(lastEnd, power.energyJ, peakBytes), events, timeline,
          lat, framesTotal, framesDropped, power.totalMj(), power.peakTempC());
    }

    private boolean isFrame(int inst) {
      return in.isFrame(inst);
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

    /** Request {@code r} arrives; a periodic workload schedules the next arrival from here (lazily). */
    private void arrive(int r) {
      double now = simulator.time();
      power.account(now);
      if (workload.periodUs() > 0 && r + 1 < workload.requests()) {
        new Call(simulator, () -> arrive(r + 1)).schedule((r + 1) * workload.periodUs() - now);
      }
      arrival[r] = now;
      if (rec != null) {
        rec.instant("r" + r + " arrives", "arrival", now);
      }
      int slot = in.take();
      in.slotRequest[slot] = r;
      in.slotLeft[slot] = perRequest;
      int base = slot * perRequest;
      System.arraycopy(tpl.pending0, 0, in.pending, base, perRequest);
      System.arraycopy(tpl.consumers0, 0, in.consumersLeft, base, perRequest);
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
      int slot = in.take();
      in.slotRequest[slot] = -1 - framesTotal++;
      in.slotDeadline[slot] = simulator.time() + ui.periodUs();
      int inst = slot * perRequest;
      in.pending[inst] = 0;
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
      if (rec != null) {
        rec.queueDepth(u, queue.get(u).size(), simulator.time());
      }
    }

    private void startReady(IntQueue q, int u) {
      while (!q.isEmpty()) {
        int inst = q.peek();
        if (in.pending[inst] > 0) {
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
      in.lane[inst] = l;
      in.startAt[inst] = now;
      if (!isFrame(inst)) {
        liveBytes[u] += tpl.outBytes[inst % perRequest];
        peakBytes[u] = Math.max(peakBytes[u], liveBytes[u]);
      }
      Event end = in.endEvent[inst];
      if (end == null) {
        end = new TaskEnd(simulator, inst); // one per instance position, reused by every request in the slot
        in.endEvent[inst] = end;
      }
      in.remaining[inst] = durOf(inst);
      in.rate[inst] = 1.0;
      in.lastUpdate[inst] = now;
      end.schedule(durOf(inst));
      if (dynamics.changesSpeed()) {
        active.add(inst);
        retime();
      }
    }

    /** Re-times running tasks ({@link RateModel}, {@link CoRun}); completion events move accordingly. */
    private void retime() {
      double now = simulator.time();
      int n = active.size();
      double[] demand = new double[n];
      for (int k = 0; k < n; k++) {
        int inst = active.get(k);
        in.remaining[inst] = Math.max(0, in.remaining[inst] - in.rate[inst] * (now - in.lastUpdate[inst]));
        in.lastUpdate[inst] = now;
        demand[k] = durOf(inst) > 0 ? bytesOf(inst) / durOf(inst) : 0;
      }
      double[] alloc = RateModel.allocate(demand, dynamics.dramBytesPerUs());
      if (rec != null && Double.isFinite(dynamics.dramBytesPerUs())) {
        rec.dram(Arrays.stream(alloc).sum(), now);
      }
      double[] slow = coRun == null ? null : coRun.divisors(n, k -> unitOf(active.get(k)));
      for (int k = 0; k < n; k++) {
        int inst = active.get(k);
        double r = RateModel.rate(power.level[unitOf(inst)], demand[k], alloc[k]) / (slow == null ? 1 : slow[k]);
        if (r != in.rate[inst]) {
          in.rate[inst] = r;
          in.endEvent[inst].reschedule(in.remaining[inst] / r);
        }
      }
    }

    /** A governor period: energy, thermal update, new frequency levels, re-timing. */
    private void tick() {
      double now = simulator.time();
      power.account(now);
      power.tick(now);
      if (rec != null) {
        rec.levels(power.level, now);
        if (dynamics.thermal() != null) {
          rec.temperature(power.tempC(), now);
        }
      }
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
      double took = now - in.startAt[inst];
      units.release(u, in.lane[inst], threadsOf(inst), now, took);
      lastEnd = Math.max(lastEnd, now);
      if (dynamics.changesSpeed()) {
        active.remove(Integer.valueOf(inst));
      }
      Arrays.fill(touched, false);
      touched[u] = true;
      int slot = inst / perRequest;
      if (in.slotRequest[slot] < 0) {
        int f = -1 - in.slotRequest[slot];
        if (now > in.slotDeadline[slot] + 1e-9) {
          framesDropped++;
          if (rec != null) {
            rec.instant("ui frame " + f + " dropped", "frame-dropped", now);
          }
        }
        if (rec != null) {
          rec.span(new Span(u, in.lane[inst], "ui frame " + f, "ui", in.startAt[inst], took, 1));
        }
        in.release(slot);
      } else {
        finishTask(inst, slot, u, now, took);
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
    private void finishTask(int inst, int slot, int u, double now, double took) {
      int r = in.slotRequest[slot];
      int t = inst % perRequest;
      int base = slot * perRequest;
      boolean isOp = t < nOps;
      if (isOp) {
        units.opCount[u]++;
      } else {
        units.transferCount[u]++;
      }
      if (rec != null) {
        rec.task(tpl, in, inst, t, u, took, workload.requests() > 1 ? "r" + r + " " : "");
      }
      for (int k = tpl.depStart[t], end = tpl.depStart[t + 1]; k < end; k++) {
        int d = tpl.dep[k];
        if (--in.pending[base + d] == 0) {
          touched[taskUnit[d]] = true;
        }
      }
      for (int k = tpl.relStart[t], end = tpl.relStart[t + 1]; k < end; k++) {
        int src = tpl.rel[k];
        if (--in.consumersLeft[base + src] == 0) {
          liveBytes[taskUnit[src]] -= tpl.outBytes[src];
        }
      }
      if (--in.slotLeft[slot] == 0) {
        requestDone[r] = now;
        requestsDone++;
        in.release(slot);
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
