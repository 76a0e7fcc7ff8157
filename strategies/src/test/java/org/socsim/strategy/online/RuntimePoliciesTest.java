package org.socsim.strategy.online;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.socsim.engine.Dynamics;
import org.socsim.engine.PolicySimulation;
import org.socsim.engine.Workload;
import org.socsim.graph.ModelGraph;
import org.socsim.graph.Op;
import org.socsim.runtime.JobRecord;
import org.socsim.runtime.JobStream;
import org.socsim.runtime.ReadyOp;
import org.socsim.runtime.RuntimePolicy;
import org.socsim.runtime.RuntimeView;
import org.socsim.soc.CostModel;
import org.socsim.soc.Soc;
import org.socsim.soc.Unit;
import org.socsim.soc.UnitKind;
import org.socsim.strategy.OnlineStrategy;
import org.socsim.strategy.PlanContext;
import org.socsim.strategy.Strategies;

/** Run-time policies driving the engine: reacting to arrivals, fallback, profiling at run time. */
class RuntimePoliciesTest {
  /** One single-core CPU (one stream) and a GPU. */
  private static final Soc SOC = new Soc("t", List.of(new Unit(0, "cpu", UnitKind.CPU, 1, 1, 0),
      new Unit(1, "gpu", UnitKind.GPU, 1, 1, 0)), (a, b, e) -> 0.0);

  /** {@code us} per op on the CPU, {@code gpuUs} on the GPU (NaN: the GPU cannot run it). */
  private static CostModel cost(double us, double gpuUs) {
    return new CostModel() {
      @Override
      public double durationUs(Op op, Unit unit, int threads) {
        return unit.isCpu() ? us : gpuUs;
      }

      @Override
      public boolean supports(Op op, Unit unit) {
        return unit.isCpu() || !Double.isNaN(gpuUs);
      }
    };
  }

  /** src -> 8 parallel ops -> sink: after src, eight ops are ready at once. */
  private static ModelGraph fan() {
    ModelGraph.Builder b = new ModelGraph.Builder("fan");
    for (int i = 0; i < 8; i++) {
      b.edge("src", "b" + i).edge("b" + i, "sink");
    }
    return b.build();
  }

  private static ModelGraph chain(String name, int n) {
    List<String> ops = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      ops.add(name + i);
    }
    return ModelGraph.chain(name, ops, e -> 0L);
  }

  private static List<JobRecord> run(RuntimePolicy policy, JobStream... streams) {
    return new PolicySimulation(SOC, List.of(streams), policy, Dynamics.none(), Workload.single()).run().jobs();
  }

  private static RuntimePolicy policy(String name) {
    return ((OnlineStrategy) Strategies.byName(name)).policy(SOC, PlanContext.of(1, cost(10, Double.NaN)));
  }

  /** Everything on the CPU, first come first served. */
  private static final RuntimePolicy CPU_FIFO = new RuntimePolicy() {
    @Override
    public int place(ReadyOp op, RuntimeView view) {
      return 0;
    }
  };

  @Test
  void leastSlackFirstLetsAnUrgentRequestArrivingMidRunOvertakeQueuedWork() {
    // A (10 ops of 10 us, no SLO) starts at 0; at 25 us, while A's eight branch ops queue on the CPU, B arrives
    // (2 ops, SLO 30 us). The GPU cannot run anything here, so both share the one CPU.
    JobStream a = new JobStream("a", fan(), cost(10, Double.NaN), 1, 0, 0, 1, Double.NaN);
    JobStream b = new JobStream("b", chain("b", 2), cost(10, Double.NaN), 1, 25, 0, 1, 30);
    List<JobRecord> fifo = run(CPU_FIFO, a, b);
    List<JobRecord> lsf = run(policy("least-slack-first"), a, b);
    JobRecord bFifo = fifo.get(1);
    JobRecord bLsf = lsf.get(1);
    assertEquals("b", bLsf.job().model());
    assertEquals(25, bLsf.job().arrivalUs(), 1e-9);
    // FIFO: B0 waits behind A's 6 queued branch ops (90-100), B1 then queues behind A's sink (110-120): 95 us
    assertEquals(95, bFifo.latencyUs(), 1e-9);
    assertFalse(bFifo.sloMet());
    // least slack: at 30 B's first op jumps A's queued branches, B done at 50 -> 25 us, SLO met
    assertEquals(25, bLsf.latencyUs(), 1e-9);
    assertTrue(bLsf.sloMet());
    // A (no SLO) pays: FIFO ran B1 after A's sink (A done at 110); least slack ran both of B's ops first (120)
    assertEquals(110, fifo.get(0).latencyUs(), 1e-9);
    assertEquals(120, lsf.get(0).latencyUs(), 1e-9);
    // and B really ran in between A's branches
    assertTrue(bLsf.finishUs() < fifo.get(0).finishUs() - 50);
  }

  @Test
  void aPlacementOnAUnitThatCannotRunTheOpFallsBackToTheCpu() {
    RuntimePolicy gpuOnly = new RuntimePolicy() {
      @Override
      public int place(ReadyOp op, RuntimeView view) {
        return 1;
      }
    };
    JobRecord r = run(gpuOnly, new JobStream("c", chain("c", 3), cost(10, Double.NaN), 1, 0, 0, 1, Double.NaN))
        .get(0);
    for (int v = 0; v < 3; v++) {
      assertEquals(0, r.placement()[v]);
      assertTrue(r.fallback()[v]);
    }
    assertEquals(30, r.latencyUs(), 1e-9);
  }

  @Test
  void adaptiveOnlineMeasuresEachUnitThenUsesTheFasterOne() {
    // CPU 10 us per op, GPU 2 us: the policy is not told; it learns from what it observes
    RuntimePolicy p = policy("adaptive-online");
    List<JobRecord> jobs = run(p, new JobStream("m", chain("m", 4), cost(10, 2), 3, 0, 0, 1, Double.NaN));
    assertEquals(3, jobs.size());
    // request 0 explores the CPU, request 1 the GPU, request 2 exploits: all on the GPU
    assertEquals(40, jobs.get(0).latencyUs(), 1e-9);
    assertEquals(8, jobs.get(1).latencyUs(), 1e-9);
    assertEquals(8, jobs.get(2).latencyUs(), 1e-9);
    for (int v = 0; v < 4; v++) {
      assertEquals(0, jobs.get(0).placement()[v]);
      assertEquals(1, jobs.get(2).placement()[v]);
    }
    assertEquals(List.of("adaptive-online: 8 placements explored an unmeasured unit, 4 used observed latencies"),
        p.notes());
  }

  @Test
  void fixedWorkerAndRoundRobinHandOutWholeRequests() {
    JobStream x = new JobStream("x", chain("x", 2), cost(10, 5), 2, 0, 0, 1, Double.NaN);
    JobStream y = new JobStream("y", chain("y", 2), cost(10, 5), 1, 0, 0, 1, Double.NaN);
    List<JobRecord> fixed = run(policy("fixed-worker"), x, y);
    // stream 0 on the CPU, stream 1 on the GPU, every request
    assertEquals(List.of(0, 1, 0), fixed.stream().map(j -> j.placement()[0]).toList());
    List<JobRecord> rr = run(policy("round-robin"), x, y);
    // arrival order: x0, y0 at 0 (-> cpu, gpu), then x1 when x0 finishes (-> cpu again: the third in turn)
    assertEquals(List.of(0, 1, 0), rr.stream().map(j -> j.placement()[0]).toList());
    assertEquals(List.of("x", "y", "x"), rr.stream().map(j -> j.job().model()).toList());
  }

  @Test
  void onlineStrategiesHaveNoStaticPlan() {
    OnlineStrategy s = (OnlineStrategy) Strategies.byName("least-slack-first");
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> s.plan(fan(), SOC, PlanContext.of(1, cost(1, 1))));
    assertTrue(e.getMessage().contains("decides at run time"), e.getMessage());
  }
}
