package org.socsim.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.StringWriter;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.socsim.graph.ModelGraph;
import org.socsim.plan.ExecutionPlan;
import org.socsim.plan.Placement;
import org.socsim.result.Marks;
import org.socsim.result.RunResult;
import org.socsim.soc.Soc;

/** What a trace shows beside spans: dependency arrows, counter tracks, instants; none without a timeline. */
class TraceMarksTest {
  private static final Soc SOC = SimulationTest.soc(2, 1, 5);

  private static ExecutionPlan plan(ModelGraph g, int... units) {
    Placement[] p = new Placement[g.size()];
    for (int i = 0; i < p.length; i++) {
      p[i] = new Placement(i, units[i], 1);
    }
    return ExecutionPlan.withTransfers("t", g, SOC, p, g.topologicalOrder(), c -> true, List.of());
  }

  @Test
  void aCopyGetsArrowsFromItsProducerAndToItsConsumer() throws Exception {
    // a (cpu) -> b (gpu): a copy of 5 us on the GPU queue between them; c (gpu) after b: same unit, no arrow
    ModelGraph g = new ModelGraph.Builder("t").edge("a", "b").edge("b", "c").build();
    RunResult r = new Simulation(g, SOC, plan(g, 0, 1, 1),
        SimulationTest.costs(Map.of("a", 10.0, "b", 10.0, "c", 10.0))).run();
    List<Marks.Flow> flows = r.timeline().flows();
    assertEquals(2, flows.size(), flows.toString());
    assertEquals(new Marks.Flow(0, 0, 0, 1, 0, 10, "copy"), flows.get(0)); // a -> copy
    assertEquals(new Marks.Flow(1, 0, 10, 1, 0, 15, "copy"), flows.get(1)); // copy -> b
    assertEquals(List.of(new Marks.Instant("r0 arrives", "arrival", 0)), r.timeline().instants());
    StringWriter w = new StringWriter();
    r.timeline().writeChromeTrace(w, Map.of("soc", "t"));
    String json = w.toString();
    assertTrue(json.contains("{\"ph\":\"s\",\"id\":1,\"pid\":1,\"tid\":1,\"ts\":0.000,\"name\":\"copy\""), json);
    assertTrue(json.contains("{\"ph\":\"f\",\"bp\":\"e\",\"id\":2,\"pid\":1,\"tid\":101,\"ts\":15.000"), json);
    assertTrue(json.contains("{\"ph\":\"i\",\"s\":\"p\",\"pid\":1,\"tid\":0,\"name\":\"r0 arrives\""), json);
  }

  @Test
  void queueDepthAndDramCountersChangeOnlyWhenTheirValueDoes() {
    // two independent 10 us ops on the one-stream GPU: the second queues; each streams 100 B/us on a 100 B/us bus
    ModelGraph.Builder b = new ModelGraph.Builder("t");
    b.op("x");
    b.op("y");
    ModelGraph g = b.build();
    Dynamics bus = DynamicsTest.bus(100);
    RunResult r = new Simulation(g, SOC, plan(g, 1, 1), DynamicsTest.costs(Map.of("x", 10.0, "y", 10.0), 100),
        Workload.single(), bus).run();
    List<Marks.Counter> c = r.timeline().counters();
    assertTrue(c.contains(new Marks.Counter("queue gpu", 0, 1)), c.toString());
    assertTrue(c.contains(new Marks.Counter("queue gpu", 10, 0)), c.toString());
    assertTrue(c.contains(new Marks.Counter("dram MB/s", 0, 100)), c.toString());
    assertEquals(c.size(), c.stream().distinct().count(), "no repeated samples");
  }

  @Test
  void aDroppedUiFrameIsAnInstantAndNothingIsKeptWithoutATimeline() {
    ModelGraph g = new ModelGraph.Builder("t").edge("a", "b").build();
    // a 30 ms GPU op beside 60 Hz frames of 4 ms: frames behind it miss their vsync
    Workload w = new Workload(1, 0, new Workload.Ui(1, 16_666.67, 4_000), Map.of());
    var cost = SimulationTest.costs(Map.of("a", 30_000.0, "b", 1.0));
    RunResult r = new Simulation(g, SOC, plan(g, 1, 1), cost, w, Dynamics.none()).run();
    long dropped = r.timeline().instants().stream().filter(i -> i.kind().equals("frame-dropped")).count();
    assertEquals(r.framesDropped(), dropped);
    assertTrue(dropped > 0);
    RunResult bare = new Simulation(g, SOC, plan(g, 1, 1), cost, w, Dynamics.none()).withoutTimeline().run();
    assertTrue(bare.timeline().spans().isEmpty() && bare.timeline().instants().isEmpty()
        && bare.timeline().flows().isEmpty() && bare.timeline().counters().isEmpty());
    assertEquals(r.latencyUs(), bare.latencyUs(), 0, "the timeline changes nothing else");
    assertEquals(r.framesDropped(), bare.framesDropped());
  }
}
