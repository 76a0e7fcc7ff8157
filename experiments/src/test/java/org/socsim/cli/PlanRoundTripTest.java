package org.socsim.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.socsim.scenario.PlanFile;
import org.socsim.scenario.Scenario;
import org.socsim.scenario.ScenarioResult;
import org.socsim.scenario.Scenarios;
import org.socsim.strategy.OnlineStrategy;
import org.socsim.strategy.Strategies;
import org.socsim.strategy.Strategy;

/**
 * {@code run --export-plan P.json} then {@code --strategy replay --plan P.json} is the same run: every registered
 * plan strategy (the test-registered one included) on three models with bundled per-op tables (h100-server
 * resnet50 and mobilenet_v2, redmi inception-v3: no ../shared needed), plus refined graphs (tiles, slices, frames),
 * reused copies, several requests, a multi-DNN workload and, with ../shared, a feature-priced ONNX graph.
 */
class PlanRoundTripTest {
  @TempDir
  Path tmp;

  static List<String> planStrategies() {
    return Strategies.all().stream().filter(s -> !(s instanceof OnlineStrategy)).map(Strategy::name)
        .filter(n -> !n.equals("replay")).toList();
  }

  /** Runs {@code sc}, exports its plan, replays it with the same settings; asserts the same run. */
  private boolean roundTrip(Scenario sc, String tag) throws Exception {
    ScenarioResult a;
    try {
      a = Scenarios.run(sc);
    } catch (IllegalArgumentException cannotRunHere) {
      return false; // e.g. solo-npu on a SoC without an NPU
    }
    Path p = tmp.resolve(tag + ".json");
    PlanFile.write(p, a);
    ScenarioResult b = Scenarios.run(sc.toBuilder().strategy("replay").plan(p).options("").build());
    Map<String, Object> ja = RunJson.of(a, true);
    Map<String, Object> jb = RunJson.of(b, true);
    for (String k : List.of("strategy", "notes")) {
      ja.remove(k);
      jb.remove(k);
    }
    assertEquals(ja, jb, tag);
    assertEquals(a.result().timeline().spans(), b.result().timeline().spans(), tag);
    assertEquals(a.result().latencyUs(), b.result().latencyUs(), 0.0, tag);
    JsonNode plan = new ObjectMapper().readTree(p.toFile());
    assertEquals("socsim-plan/1", plan.get("schema").asText());
    assertEquals(a.plan().graph().size(), plan.get("ops").size());
    return true;
  }

  @Test
  void everyPlanStrategyRoundTripsOnThreeBundledModels() throws Exception {
    List<String> strategies = planStrategies();
    assertTrue(strategies.contains(AlternatingUnitsStrategy.NAME) && strategies.contains("pipeline")
        && strategies.contains("codl") && strategies.contains("adaptive"), strategies.toString());
    List<String> ran = new ArrayList<>();
    for (String[] sm : new String[][] {{"h100-server", "resnet50"}, {"h100-server", "mobilenet_v2"},
        {"redmi", "inception-v3"}}) {
      for (String st : strategies) {
        if (roundTrip(Scenario.builder(sm[0], sm[1], st).build(), sm[0] + "-" + sm[1] + "-" + st)) {
          ran.add(sm[1] + "/" + st);
        }
      }
    }
    // every strategy on every model except the solo units the SoC lacks (h100-server: no LITTLE cluster, no NPU)
    assertEquals(3 * strategies.size() - 2 * 2 - 1, ran.size(), ran.toString());
  }

  @Test
  void refinedGraphsReusedCopiesStreamsAndWorkloadsRoundTrip() throws Exception {
    List<UnaryOperator<Scenario.Builder>> variants = List.of(
        b -> b.granularity("tile:2"),
        b -> b.granularity("subgraph:4").reuseCopies(true),
        b -> b.reuseCopies(true).requests(3).rateHz(50),
        b -> b.requests(3).background("ui:60hz:4ms,cpu:2").thermal(true).governor("schedutil"),
        b -> b.zeroCopy(true));
    int k = 0;
    for (String st : List.of("codl", "channel-split", "heft", "pipeline")) {
      for (UnaryOperator<Scenario.Builder> v : variants) {
        assertTrue(roundTrip(v.apply(Scenario.builder("redmi", "inception-v3", st)).build(), "v" + k++));
      }
    }
    assertTrue(roundTrip(Scenario.builder("h100-server", "resnet50", "codl").reuseCopies(true).build(), "coexec"));
    assertTrue(roundTrip(Scenario.builder("redmi", "inception-v3,nasnet-mobile", "heft").sloMs(List.of(400.0, 300.0))
        .build(), "workload"));
  }

  @Test
  void aFeaturePricedOnnxGraphRoundTrips() throws Exception {
    SharedGate.need("../shared not found: ONNX plan round trip skipped");
    String onnx = SharedData.root().orElseThrow().resolve("models/mobilenet_v2.onnx").toString();
    for (String st : List.of("heft", "codl", "greedy-eft")) {
      assertTrue(roundTrip(Scenario.builder("redmi", onnx, st).build(), "onnx-" + st));
    }
  }

  @Test
  void planFilesNameTheModelsNodesUnitsAndThreads() throws Exception {
    Path p = tmp.resolve("p.json");
    CliTest.Out o = CliTest.cli("run", "--soc", "redmi", "--model", "inception-v3,nasnet-mobile", "--strategy",
        "codl", "--export-plan", p.toString());
    assertEquals(0, o.code(), o.err());
    JsonNode plan = new ObjectMapper().readTree(p.toFile());
    assertEquals("refined", plan.get("graph").asText());
    JsonNode first = plan.get("ops").get(0);
    assertEquals("1:inception-v3", first.get("job").asText());
    assertFalse(first.get("node").asText().contains("|"), first.toString());
    assertTrue(first.get("name").asText().contains(first.get("node").asText()));
    for (String key : List.of("unit", "threads", "fraction", "origin", "type", "fallback")) {
      assertTrue(first.has(key), key);
    }
    assertEquals(plan.get("ops").size(), plan.get("issue_order").size());
  }

  @Test
  void badPlanFilesAreOneLineErrorsAndOnlineStrategiesHaveNoPlanToExport() throws Exception {
    Path p = tmp.resolve("heft.json");
    String[] run = {"run", "--soc", "h100-server", "--model", "resnet50", "--strategy"};
    assertEquals(0, CliTest.cli(WhatIfTest.concat(run, new String[] {"heft", "--export-plan", p.toString()})).code());
    String text = Files.readString(p);
    Path other = tmp.resolve("other.json");
    Files.writeString(other, text.replace("\"schema\" : \"socsim-plan/1\"", "\"schema\" : \"socsim-plan/9\""));
    BadInputTest.oneLine(CliTest.cli(WhatIfTest.concat(run, new String[] {"replay", "--plan", other.toString()})),
        "other.json:1: expected a plan with \"schema\": \"socsim-plan/1\"");
    Files.writeString(other, text.replaceFirst("\"unit\" : \"cpu\"", "\"unit\" : \"tpu\""));
    BadInputTest.oneLine(CliTest.cli(WhatIfTest.concat(run, new String[] {"replay", "--plan", other.toString()})),
        "expected a unit of h100-server [cpu, gpu], found 'tpu'");
    BadInputTest.oneLine(CliTest.cli("run", "--soc", "h100-server", "--model", "mobilenet_v2", "--strategy", "replay",
        "--plan", p.toString()), "expected a run of model resnet50 as the plan's");
    BadInputTest.oneLine(CliTest.cli(WhatIfTest.concat(run, new String[] {"replay", "--plan", p.toString(),
        "--granularity", "tile:2"})), "heft.json:6: expected --granularity op, the plan's (this run: tile:2)");
    Files.writeString(other, text.substring(0, text.length() / 2));
    BadInputTest.oneLine(CliTest.cli(WhatIfTest.concat(run, new String[] {"replay", "--plan", other.toString()})),
        "expected a socsim plan JSON");
    Path none = tmp.resolve("online.json");
    BadInputTest.oneLine(CliTest.cli("run", "--soc", "h100-server", "--model", "resnet50", "--strategy", "round-robin",
        "--export-plan", none.toString()), "--export-plan applies to plan strategies");
    assertFalse(Files.exists(none));
  }
}
