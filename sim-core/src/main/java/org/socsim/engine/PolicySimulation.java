package org.socsim.engine;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.socsim.result.RunResult;
import org.socsim.result.Span;
import org.socsim.result.Timeline;
import org.socsim.runtime.Job;
import org.socsim.runtime.JobRecord;
import org.socsim.runtime.JobStream;
import org.socsim.runtime.ReadyOp;
import org.socsim.runtime.RuntimePolicy;
import org.socsim.runtime.RuntimeView;
import org.socsim.soc.Soc;
import org.socsim.soc.Unit;
import umontreal.ssj.simevents.Simulator;
import umontreal.ssj.simevents.eventlist.BinaryTree;

/**
 * The event loop for a {@link RuntimePolicy}: jobs arrive from {@link JobStream}s, each op is placed by the policy
 * when its inputs are done, and a unit with a free stream starts the waiting op the policy picks. Same resources,
 * rate model (DRAM sharing, frequency levels), power/thermal and background time slicing as {@link Simulation};
 * copies of inputs produced on another unit run on the consumer's unit just before it (as MNN converts inputs on
 * the consumer's executor). UI frames are not modelled here (a plan-driven run has them).
 */
public final class PolicySimulation {
  private final Soc soc;
  private final List<JobStream> streams;
  private final RuntimePolicy policy;
  private final Dynamics dynamics;
  private final Workload background;

  /** What a policy-driven run produced: the usual result (requests = jobs in arrival order) and each job. */
  public record Result(RunResult run, List<JobRecord> jobs) {
  }

  /** @param background only its background CPU threads are used; UI load is refused */
  public PolicySimulation(Soc soc, List<JobStream> streams, RuntimePolicy policy, Dynamics dynamics,
      Workload background) {
    if (streams.isEmpty()) {
      throw new IllegalArgumentException("no job streams to run");
    }
    if (background.ui() != null) {
      throw new IllegalArgumentException("UI load is not modelled under a run-time policy; use a plan strategy");
    }
    this.soc = soc;
    this.streams = List.copyOf(streams);
    this.policy = policy;
    this.dynamics = dynamics;
    this.background = background;
  }

  public Result run() {
    return new Run().execute();
  }

  private final class Run implements RuntimeView {
    private final Simulator simulator = new Simulator(new BinaryTree());
    private final int nUnits = soc.units().size();
    private final UnitPool units = new UnitPool(soc);
    private final PowerThermal power = new PowerThermal(dynamics, units, background.backgroundThreads());
    private final List<List<ReadyOp>> waiting = new ArrayList<>();
    private final List<PolicyJob.Shape> shapes = new ArrayList<>();
    /** observed[stream][op][unit]: last observed op time, NaN if never. */
    private final double[][][] observed;
    private final List<PolicyJob> jobs = new ArrayList<>();
    private final List<Job> inFlight = new ArrayList<>();
    private final List<PolicyTask> active = new ArrayList<>();
    private final boolean[] touched = new boolean[nUnits];
    private final Recorder rec = new Recorder(soc);
    private final double[] liveBytes = new double[nUnits];
    private final double[] peakBytes = new double[nUnits];
    private int pendingArrivals;
    private long events;
    private double lastEnd;

    Run() {
      observed = new double[streams.size()][][];
      for (int s = 0; s < streams.size(); s++) {
        var g = streams.get(s).graph();
        shapes.add(new PolicyJob.Shape(g));
        observed[s] = new double[g.size()][nUnits];
        for (double[] row : observed[s]) {
          java.util.Arrays.fill(row, Double.NaN);
        }
      }
      for (int u = 0; u < nUnits; u++) {
        waiting.add(new ArrayList<>());
      }
    }

    Result execute() {
      simulator.init();
      if (power.ticks()) {
        new Call(simulator, this::tick).schedule(dynamics.governorPeriodUs());
      }
      for (int s = 0; s < streams.size(); s++) {
        JobStream st = streams.get(s);
        int stream = s;
        int scheduled = st.periodUs() > 0 ? st.requests() : 1;
        pendingArrivals += st.requests();
        for (int r = 0; r < scheduled; r++) {
          int request = r;
          new Call(simulator, () -> arrive(stream, request)).schedule(st.startUs() + r * st.periodUs());
        }
      }
      simulator.start();
      for (int u = 0; u < nUnits; u++) {
        if (!waiting.get(u).isEmpty()) {
          throw new IllegalStateException("unit " + soc.unit(u).id() + " never started "
              + waiting.get(u).get(0).node().name());
        }
      }
      power.account(lastEnd);
      power.trimTo(lastEnd);
      List<Double> lat = new ArrayList<>();
      List<JobRecord> records = new ArrayList<>();
      for (PolicyJob js : jobs) {
        records.add(new JobRecord(js.job, js.finishUs, js.unitOf, js.fallback, js.startOrder));
        lat.add(js.finishUs - js.job.arrivalUs());
      }
      RunResult r = new RunResult(lastEnd, units.stats(lastEnd, power.energyJ, peakBytes), events, rec.timeline(),
          lat, 0, 0, power.totalMj(), power.peakTempC());
      return new Result(r, records);
    }

    private void arrive(int s, int request) {
      double now = simulator.time();
      power.account(now);
      JobStream st = streams.get(s);
      Job job = new Job(jobs.size(), s, st.model(), st.graph(), now, st.sloUs());
      PolicyJob js = new PolicyJob(job, st, shapes.get(s), request);
      jobs.add(js);
      inFlight.add(job);
      rec.instant("j" + job.id() + " " + job.model() + " arrives", "arrival", now);
      pendingArrivals--;
      policy.arrived(job, this);
      for (int v : js.shape.topo) {
        if (js.pending[v] == 0) {
          ready(js, v);
        }
      }
      dispatchTouched();
      if (js.left == 0) {
        complete(js); // an empty graph
      }
    }

    /** The policy places a ready op; an unsupported choice falls back to a CPU. */
    private void ready(PolicyJob js, int v) {
      ReadyOp r = new ReadyOp(js.job, v, simulator.time());
      int u = policy.place(r, this);
      if (u < 0 || u >= nUnits || !supports(r, u)) {
        js.fallback[v] = true;
        u = js.fallbackUnit(soc, v);
      }
      js.unitOf[v] = u;
      waiting.get(u).add(r);
      touched[u] = true;
    }

    private void dispatchTouched() {
      for (int u = 0; u < nUnits; u++) {
        if (touched[u]) {
          touched[u] = false;
          dispatch(u);
        }
      }
    }

    private void dispatch(int u) {
      List<ReadyOp> w = waiting.get(u);
      startWaiting(u, w);
      rec.queueDepth(u, w.size(), simulator.time());
    }

    private void startWaiting(int u, List<ReadyOp> w) {
      while (!w.isEmpty() && units.freeLane(u, 1) >= 0) {
        int k = w.size() == 1 ? 0 : policy.pick(u, Collections.unmodifiableList(w), this);
        if (k < 0 || k >= w.size()) {
          throw new IllegalStateException("policy picked waiting op " + k + " of " + w.size() + " on "
              + soc.unit(u).id());
        }
        ReadyOp r = w.get(k);
        PolicyJob js = jobs.get(r.job().id());
        int threads = js.threadsOn(soc.unit(u));
        int lane = units.freeLane(u, threads);
        if (lane < 0) {
          return;
        }
        w.remove(k);
        start(js, r, u, lane, threads);
      }
    }

    private void start(PolicyJob js, ReadyOp r, int u, int lane, int threads) {
      double now = simulator.time();
      int v = r.op();
      PolicyTask t = new PolicyTask(simulator, this::finish, js, r, u, lane, threads, js.copyInUs(soc, v, u),
          js.coreUs(soc, background, v, u, threads), Math.max(0, js.stream.cost().memoryBytes(r.node(),
          soc.unit(u))));
      if (!(t.durUs >= 0) || Double.isInfinite(t.durUs)) {
        throw new IllegalArgumentException("cost model gives no duration for " + r.node().name() + " on "
            + soc.unit(u).id() + " with " + threads + " threads");
      }
      units.acquire(u, lane, threads, now);
      js.started[v] = true;
      js.startOrder[js.nStarted++] = v;
      js.outBytes[v] = r.node().features().bytesOut() > 0 ? r.node().features().bytesOut() : t.bytes / 2;
      liveBytes[u] += js.outBytes[v];
      peakBytes[u] = Math.max(peakBytes[u], liveBytes[u]);
      t.startUs = now;
      t.lastUpdate = now;
      t.remaining = t.durUs;
      t.schedule(t.durUs);
      active.add(t);
      if (dynamics.changesSpeed()) {
        retime();
      }
    }

    private final CoRun coRun = dynamics.coRunOn(soc);

    private void retime() {
      double now = simulator.time();
      int n = active.size();
      double[] demand = new double[n];
      for (int k = 0; k < n; k++) {
        PolicyTask t = active.get(k);
        t.remaining = Math.max(0, t.remaining - t.rate * (now - t.lastUpdate));
        t.lastUpdate = now;
        demand[k] = t.durUs > 0 ? t.bytes / t.durUs : 0;
      }
      double[] alloc = RateModel.allocate(demand, dynamics.dramBytesPerUs());
      double[] slow = coRun == null ? null : coRun.divisors(n, k -> active.get(k).unit);
      for (int k = 0; k < n; k++) {
        PolicyTask t = active.get(k);
        double rate = RateModel.rate(power.level[t.unit], demand[k], alloc[k]) / (slow == null ? 1 : slow[k]);
        if (rate != t.rate) {
          t.rate = rate;
          t.reschedule(t.remaining / rate);
        }
      }
    }

    private void tick() {
      double now = simulator.time();
      power.account(now);
      power.tick(now);
      if (dynamics.changesSpeed()) {
        retime();
      }
      if (pendingArrivals > 0 || !inFlight.isEmpty()) {
        new Call(simulator, this::tick).schedule(dynamics.governorPeriodUs());
      }
    }

    private void finish(PolicyTask t) {
      events++;
      double now = simulator.time();
      power.account(now);
      double took = now - t.startUs;
      units.release(t.unit, t.lane, t.threads, now, took);
      lastEnd = Math.max(lastEnd, now);
      active.remove(t);
      PolicyJob js = t.js;
      int v = t.ready.op();
      double scale = t.durUs > 0 ? took / t.durUs : 1.0;
      double copy = t.copyUs * scale;
      String name = "j" + js.job.id() + " " + js.job.model() + "|" + t.ready.node().name();
      if (t.copyUs > 0) {
        units.transferCount[t.unit]++;
        rec.span(new Span(t.unit, t.lane, "copy to " + soc.unit(t.unit).id() + " " + name, "transfer", t.startUs,
            copy, t.threads));
      }
      units.opCount[t.unit]++;
      double lead = soc.unit(t.unit).dispatchUs() * scale;
      rec.span(new Span(t.unit, t.lane, name, js.fallback[v] ? "fallback" : "op", t.startUs + copy + lead,
          took - copy - lead, t.threads));
      js.spanStart[v] = t.startUs + copy + lead;
      js.lane[v] = t.lane;
      for (int e : js.shape.inEdges[v]) {
        int p = js.job.graph().edges().get(e).producer();
        if (js.unitOf[p] != t.unit) {
          rec.flow(js.unitOf[p], js.lane[p], js.spanStart[p], t.unit, t.lane, t.startUs, "dependency");
        }
      }
      observed[js.job.stream()][v][t.unit] = took - copy;
      policy.finished(t.ready, t.unit, t.startUs + copy, now, this);
      touched[t.unit] = true;
      for (int e : js.shape.inEdges[v]) {
        int p = js.job.graph().edges().get(e).producer();
        if (--js.consumersLeft[p] == 0) {
          liveBytes[js.unitOf[p]] -= js.outBytes[p];
        }
      }
      for (int d : js.shape.succ[v]) {
        if (--js.pending[d] == 0) {
          ready(js, d);
        }
      }
      if (--js.left == 0) {
        complete(js);
      }
      dispatchTouched();
      if (dynamics.changesSpeed()) {
        retime();
      }
    }

    private void complete(PolicyJob js) {
      js.finishUs = simulator.time();
      inFlight.remove(js.job);
      if (js.job.hasSlo() && js.finishUs - js.job.arrivalUs() > js.job.sloUs()) {
        rec.instant("j" + js.job.id() + " " + js.job.model() + " missed its SLO", "slo-miss", js.finishUs);
      }
      JobStream st = js.stream;
      if (st.periodUs() == 0 && js.request + 1 < st.requests()) {
        arrive(js.job.stream(), js.request + 1);
      }
    }

    // ---- RuntimeView ----

    @Override
    public double nowUs() {
      return simulator.time();
    }

    @Override
    public Soc soc() {
      return soc;
    }

    @Override
    public boolean supports(ReadyOp op, int unit) {
      return jobs.get(op.job().id()).supports(soc, op.op(), unit);
    }

    @Override
    public double expectedUs(ReadyOp op, int unit) {
      if (!supports(op, unit)) {
        return Double.POSITIVE_INFINITY;
      }
      PolicyJob js = jobs.get(op.job().id());
      return js.copyInUs(soc, op.op(), unit) + js.coreUs(soc, background, op.op(), unit,
          js.threadsOn(soc.unit(unit)));
    }

    @Override
    public double copyInUs(ReadyOp op, int unit) {
      return jobs.get(op.job().id()).copyInUs(soc, op.op(), unit);
    }

    @Override
    public double backlogUs(int unit) {
      double now = simulator.time();
      double us = 0;
      for (PolicyTask t : active) {
        us += t.unit == unit ? Math.max(0, t.time() - now) : 0;
      }
      for (ReadyOp r : waiting.get(unit)) {
        us += expectedUs(r, unit);
      }
      return us / soc.unit(unit).streams();
    }

    @Override
    public int waiting(int unit) {
      return waiting.get(unit).size();
    }

    @Override
    public int running(int unit) {
      return units.running[unit];
    }

    @Override
    public double remainingUs(Job job) {
      return jobs.get(job.id()).remainingUs(soc, background);
    }

    @Override
    public double observedUs(Job job, int op, int unit) {
      return observed[job.stream()][op][unit];
    }

    @Override
    public List<Job> inFlight() {
      return Collections.unmodifiableList(inFlight);
    }

    @Override
    public int unitOf(Job job, int op) {
      return jobs.get(job.id()).unitOf[op];
    }
  }
}
