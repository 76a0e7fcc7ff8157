package org.socsim.bench;

import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.socsim.cli.SharedData;
import org.socsim.scenario.Scenario;
import org.socsim.scenario.ScenarioResult;
import org.socsim.scenario.Scenarios;
import org.socsim.sweep.PointRunner;
import org.socsim.sweep.SweepSpec;

/**
 * Whole scenarios, as users run them (issue 16, item 4). Needs {@code ../shared} (HOPE DAGs, ncnn and ONNX
 * graphs), or {@code -Dsocsim.shared=DIR}.
 * <ul>
 *   <li>{@code studyPoint}: one point of the study (redmi, inception-v3, op grain, 4 threads, one request) for each
 *   of the study's strategies, through a fresh {@link PointRunner} (load + granularity + plan + simulate; nothing
 *   memoised but the process-wide profile and DAG caches, as on a sweep's first visit of a (soc, model) pair).
 *   {@code adaptive} plans and simulates its 12 candidates.</li>
 *   <li>{@code tenThousandRequests}: redmi, inception-v3, HEFT, 10,000 requests at 20 Hz beside 60 Hz UI frames
 *   (4 ms of GPU each) and 2 busy background CPU threads, schedutil governor, thermal model on, no timeline.</li>
 *   <li>{@code largestGraph}: the largest ncnn graph of ncnn-bench (efficientnet_b0, 200 layers) and the largest
 *   bundled ONNX file (mobilenet_v2) on redmi under HEFT: parse + shape inference + feature costs + plan +
 *   simulate.</li>
 * </ul>
 * Run: {@code java -cp experiments/target/socsim.jar org.openjdk.jmh.Main ScenarioBenchmark}.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class ScenarioBenchmark {

  /** One study point per strategy. */
  @State(Scope.Benchmark)
  public static class StudyPoint {
    @Param({"solo-cpu", "solo-gpu", "solo-little", "greedy-eft", "heft", "cpop", "hope-greedy", "mosaic",
        "branch-parallel", "channel-split", "codl", "adaptive"})
    public String strategy;
    SweepSpec.Point point;

    @Setup(Level.Trial)
    public void setup() {
      SharedData.hope();
      point = new SweepSpec.Point(0, "redmi", "inception-v3", strategy, "op", "", "performance", 0, 4, 1, 1, 0);
      Map<String, Object> row = new PointRunner().run(point);
      if (!"ok".equals(row.get("status"))) {
        throw new IllegalStateException("study point " + strategy + " does not run: " + row.get("status"));
      }
    }
  }

  @Benchmark
  public Map<String, Object> studyPoint(StudyPoint s) {
    return new PointRunner().run(s.point);
  }

  /** The long workload with every dynamic on. */
  @State(Scope.Benchmark)
  public static class LongRun {
    Scenario scenario;

    @Setup(Level.Trial)
    public void setup() {
      SharedData.hope();
      scenario = Scenario.builder("redmi", "inception-v3", "heft").requests(10_000).rateHz(20)
          .background("ui:60hz:4ms,cpu:2").governor("schedutil").thermal(true).timeline(false).build();
    }
  }

  @Benchmark
  @Warmup(iterations = 2, time = 5)
  @Measurement(iterations = 3, time = 5)
  public ScenarioResult tenThousandRequests(LongRun s) {
    return Scenarios.run(s.scenario);
  }

  /** The largest graphs a user can bring. */
  @State(Scope.Benchmark)
  public static class Largest {
    @Param({"ncnn-bench/models/efficientnet_b0.param", "models/mobilenet_v2.onnx"})
    public String graph;
    Scenario scenario;

    @Setup(Level.Trial)
    public void setup() {
      java.nio.file.Path root = SharedData.root().orElseThrow(() -> new IllegalStateException(
          "no ../shared: run from the repository root or pass -Dsocsim.shared=DIR"));
      java.nio.file.Path file = graph.startsWith("models/") ? root.resolve(graph)
          : root.resolve("traces").resolve(graph);
      scenario = Scenario.builder("redmi", file.toString(), "heft").timeline(false).build();
    }
  }

  @Benchmark
  public ScenarioResult largestGraph(Largest s) {
    return Scenarios.run(s.scenario);
  }
}
