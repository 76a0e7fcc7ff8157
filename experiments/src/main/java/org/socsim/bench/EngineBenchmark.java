package org.socsim.bench;

import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.socsim.cli.SharedData;
import org.socsim.engine.Simulation;
import org.socsim.graph.ModelGraph;
import org.socsim.graph.Op;
import org.socsim.plan.ExecutionPlan;
import org.socsim.plan.Placement;
import org.socsim.profile.ProfileIo;
import org.socsim.profile.SocProfile;
import org.socsim.profile.TableCostModel;
import org.socsim.result.RunResult;
import org.socsim.soc.CostModel;
import org.socsim.soc.Soc;
import org.socsim.soc.Unit;
import org.socsim.soc.UnitKind;
import org.socsim.strategy.PlanContext;
import org.socsim.strategy.Strategies;
import org.socsim.traces.hope.DotReader;

/**
 * Engine speed. {@code syntheticEngine}: a 20,000-op layered DAG alternating over CPU and GPU (one event per
 * op and per copy); divide the events per run (printed at setup) by the time per run for events/s.
 * {@code replayNasnetLarge}: one simulated inference of the largest HOPE model (nasnet-large, 1,049 ops) on
 * redmi under HEFT, plan prepared beforehand. {@code syntheticEngineNoTimeline}: the synthetic run without
 * spans (what sweeps and {@code run} without {@code --trace} do). {@code ssjEventListBare}: the limit, SSJ's
 * BinaryTree event list alone processing as many events as the synthetic run with 10 pending (its width) and an
 * empty handler. Run: {@code java -cp experiments/target/socsim.jar org.openjdk.jmh.Main EngineBenchmark}.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class EngineBenchmark {

  /** A synthetic wide DAG. */
  @State(Scope.Benchmark)
  public static class Synthetic {
    static final int LAYERS = 2000;
    static final int WIDTH = 10;
    ModelGraph graph;
    Soc soc;
    ExecutionPlan plan;
    CostModel cost;
    Simulation compiled;

    @Setup(Level.Trial)
    public void setup() {
      ModelGraph.Builder b = new ModelGraph.Builder("synthetic");
      for (int l = 1; l < LAYERS; l++) {
        for (int w = 0; w < WIDTH; w++) {
          b.edge("n" + (l - 1) + "_" + w, "n" + l + "_" + w);
          b.edge("n" + (l - 1) + "_" + ((w + 1) % WIDTH), "n" + l + "_" + w);
        }
      }
      graph = b.build();
      soc = new Soc("bench", List.of(new Unit(0, "cpu-big", UnitKind.CPU, 4, 4, 5),
          new Unit(1, "cpu-little", UnitKind.CPU, 4, 4, 8), new Unit(2, "gpu", UnitKind.GPU, 1, 1, 6)),
          (a, c, e) -> a.kind() == c.kind() ? 0 : 100);
      cost = new CostModel() {
        @Override
        public double durationUs(Op op, Unit unit, int threads) {
          return 100.0 + (op.index() % 7) * 10.0 / threads;
        }

        @Override
        public boolean supports(Op op, Unit unit) {
          return true;
        }
      };
      Placement[] p = new Placement[graph.size()];
      for (int i = 0; i < p.length; i++) {
        p[i] = new Placement(i, i % 3, 1);
      }
      plan = ExecutionPlan.withTransfers("bench", graph, soc, p, graph.topologicalOrder(), c -> true, List.of());
      compiled = new Simulation(graph, soc, plan, cost).withoutTimeline();
      RunResult r = new Simulation(graph, soc, plan, cost).run();
      System.out.println("# synthetic: " + graph.size() + " ops, " + plan.transfers().size() + " copies, "
          + r.events() + " events per run");
    }
  }

  /** The largest HOPE model with a DAG, under HEFT on redmi. */
  @State(Scope.Benchmark)
  public static class Nasnet {
    ModelGraph graph;
    Soc soc;
    ExecutionPlan plan;
    TableCostModel cost;

    @Setup(Level.Trial)
    public void setup() {
      var dot = SharedData.hope().resolve("models/nasnet-large/nasnet-large.dot");
      graph = DotReader.read(dot, "nasnet-large");
      SocProfile profile = ProfileIo.load("redmi");
      soc = profile.toSoc("nasnet-large");
      cost = new TableCostModel(profile, "nasnet-large");
      plan = Strategies.byName("heft").plan(graph, soc, PlanContext.of(4, cost));
      RunResult r = new Simulation(graph, soc, plan, cost).run();
      System.out.println("# nasnet-large: " + graph.size() + " ops, " + plan.transfers().size() + " copies, "
          + r.events() + " events per run, latency " + r.latencyMs() + " ms");
    }
  }

  @Benchmark
  public RunResult syntheticEngine(Synthetic s) {
    return new Simulation(s.graph, s.soc, s.plan, s.cost).run();
  }

  @Benchmark
  public RunResult syntheticEngineNoTimeline(Synthetic s) {
    return new Simulation(s.graph, s.soc, s.plan, s.cost).withoutTimeline().run();
  }

  /** The event loop alone: the plan compiled once (as a sweep or a long run does), no timeline. */
  @Benchmark
  public RunResult syntheticEventLoop(Synthetic s) {
    return s.compiled.run();
  }

  /** Events of the synthetic run: 20,000 ops + 14,670 copies (printed at setup). */
  static final int BARE_EVENTS = 34_670;

  @Benchmark
  public long ssjEventListBare() {
    umontreal.ssj.simevents.Simulator sim =
        new umontreal.ssj.simevents.Simulator(new umontreal.ssj.simevents.eventlist.BinaryTree());
    sim.init();
    long[] fired = {0};
    for (int k = 0; k < 10; k++) {
      int lane = k;
      new umontreal.ssj.simevents.Event(sim) {
        @Override
        public void actions() {
          if (++fired[0] < BARE_EVENTS) {
            schedule(100.0 + (fired[0] + lane) % 7 * 10.0);
          }
        }
      }.schedule(k);
    }
    sim.start();
    return fired[0];
  }

  @Benchmark
  public RunResult replayNasnetLarge(Nasnet s) {
    return new Simulation(s.graph, s.soc, s.plan, s.cost).run();
  }
}
