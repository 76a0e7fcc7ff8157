package org.socsim.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CliTest {
  @TempDir
  Path tmp;

  record Out(int code, String out, String err) {
  }

  static Out cli(String... args) {
    StringWriter o = new StringWriter();
    StringWriter e = new StringWriter();
    int code = Main.execute(args, new PrintWriter(o), new PrintWriter(e));
    return new Out(code, o.toString(), e.toString());
  }

  static void needShared() {
    SharedGate.need("../shared not found beside the project: CLI test on real traces skipped");
  }

  @Test
  void textTablesUseADecimalPointUnderAnyDefaultLocale() {
    needShared();
    java.util.Locale before = java.util.Locale.getDefault();
    try {
      java.util.Locale.setDefault(java.util.Locale.GERMANY);
      Out a = cli("run", "--soc", "redmi", "--model", "inception-v3", "--strategy", "solo-cpu");
      assertEquals(0, a.code(), a.err());
      assertTrue(a.out().matches("(?s).*latency \\d+\\.\\d{3} ms.*"), a.out());
      assertFalse(a.out().matches("(?s).*\\d,\\d{3} ms.*"), a.out());
    } finally {
      java.util.Locale.setDefault(before);
    }
  }

  @Test
  void runHeftOnRedmiInceptionIsDeterministicAndWritesAPerfettoTrace() throws Exception {
    needShared();
    Path t1 = tmp.resolve("t1.json");
    Path t2 = tmp.resolve("t2.json");
    Out a = cli("run", "--soc", "redmi", "--model", "inception-v3", "--strategy", "heft", "--json", "--trace", t1.toString());
    Out b = cli("run", "--soc", "redmi", "--model", "inception-v3", "--strategy", "heft", "--json", "--trace", t2.toString());
    assertEquals(0, a.code(), a.err());
    assertEquals(a.out(), b.out());
    assertEquals(Files.readString(t1), Files.readString(t2));
    JsonNode j = new ObjectMapper().readTree(a.out());
    assertTrue(j.get("latency_ms").asDouble() > 0);
    assertEquals("redmi", j.get("soc").asText());
    assertEquals("heft", j.get("strategy").asText());
    assertTrue(j.get("units").size() >= 2);
    JsonNode trace = new ObjectMapper().readTree(t1.toFile());
    int ops = 0;
    int copies = 0;
    for (JsonNode ev : trace.get("traceEvents")) {
      if (ev.get("ph").asText().equals("X")) {
        if (ev.get("cat").asText().equals("op")) {
          ops++;
        } else {
          copies++;
        }
      }
    }
    assertEquals(130, ops);
    assertEquals(j.get("transfers").asInt(), copies);
  }

  @Test
  void everyStrategyRunsOnARealModel() {
    needShared();
    for (String s : new String[] {"solo-cpu", "solo-gpu", "greedy-eft", "heft"}) {
      Out o = cli("run", "--soc", "oneplus5t", "--model", "inception-v4", "--strategy", s, "--json");
      assertEquals(0, o.code(), s + ": " + o.err());
    }
  }

  @Test
  void multiDnnWorkloadReportsEachJobAgainstItsSlo() throws Exception {
    needShared();
    Out o = cli("run", "--soc", "oneplus5t", "--model", "inception-v3,inception-v4", "--strategy",
        "least-slack-first", "--slo-ms", "250,2000", "--json");
    assertEquals(0, o.code(), o.err());
    JsonNode j = new ObjectMapper().readTree(o.out());
    assertEquals(2, j.get("jobs").size());
    assertEquals("1:inception-v3", j.get("jobs").get(0).get("job").asText());
    assertTrue(j.get("jobs").get(0).has("slo_met"));
    Out bad = cli("run", "--soc", "oneplus5t", "--model", "inception-v3,inception-v4", "--strategy", "fixed-worker",
        "--slo-ms", "250");
    assertEquals(2, bad.code());
  }

  @Test
  void runTimePoliciesRunThroughThePipelineWithEveryRequestRecorded() throws Exception {
    needShared();
    Out o = cli("run", "--soc", "redmi", "--model", "inception-v3,nasnet-mobile", "--strategy", "adaptive-online",
        "--requests", "3", "--rate", "20", "--json");
    assertEquals(0, o.code(), o.err());
    JsonNode j = new ObjectMapper().readTree(o.out());
    assertEquals(2, j.get("jobs").size());
    assertEquals(6, j.get("requests").asInt() * 2, "3 requests of each of 2 models");
    assertTrue(o.out().contains("used observed latencies"), o.out());
    // the same scenario twice: byte-identical
    assertEquals(o.out(), cli("run", "--soc", "redmi", "--model", "inception-v3,nasnet-mobile", "--strategy",
        "adaptive-online", "--requests", "3", "--rate", "20", "--json").out());
    Out ui = cli("run", "--soc", "redmi", "--model", "inception-v3", "--strategy", "least-slack-first",
        "--background", "ui:60hz:4ms");
    assertEquals(2, ui.code());
    assertTrue(ui.err().contains("not modelled under run-time policies"), ui.err());
    Out reuse = cli("run", "--soc", "redmi", "--model", "inception-v3", "--strategy", "round-robin",
        "--reuse-copies");
    assertEquals(2, reuse.code());
    assertTrue(reuse.err().contains("decides at run time"), reuse.err());
  }

  @Test
  void gpuInferenceCostsUiFramesAndCpuInferenceDoesNot() throws Exception {
    needShared();
    ObjectMapper m = new ObjectMapper();
    JsonNode gpu = m.readTree(cli("run", "--soc", "redmi", "--model", "inception-v3", "--strategy", "solo-gpu",
        "--requests", "2", "--rate", "1", "--background", "ui:60hz:4ms", "--json").out());
    JsonNode cpu = m.readTree(cli("run", "--soc", "redmi", "--model", "inception-v3", "--strategy", "solo-cpu",
        "--requests", "2", "--rate", "1", "--background", "ui:60hz:4ms", "--json").out());
    assertTrue(gpu.get("frames_dropped").asInt() > 0);
    assertEquals(0, cpu.get("frames_dropped").asInt());
    assertTrue(gpu.has("latency_p90_ms"));
    Out bad = cli("run", "--soc", "redmi", "--model", "inception-v3", "--strategy", "solo-gpu", "--background",
        "ui:sixty");
    assertEquals(2, bad.code());
  }

  @Test
  void deterministicWithAllDynamicsOn() throws Exception {
    needShared();
    Path t1 = tmp.resolve("d1.json");
    Path t2 = tmp.resolve("d2.json");
    String[] args = {"run", "--soc", "redmi", "--model", "inception-v3", "--strategy", "codl", "--requests", "3",
        "--rate", "2", "--background", "ui:60hz:4ms,cpu:2", "--bandwidth", "3", "--governor", "schedutil",
        "--thermal", "--json", "--trace", ""};
    args[args.length - 1] = t1.toString();
    Out a = cli(args);
    args[args.length - 1] = t2.toString();
    Out b = cli(args);
    assertEquals(0, a.code(), a.err());
    assertEquals(a.out(), b.out());
    assertEquals(Files.readString(t1), Files.readString(t2));
    JsonNode j = new ObjectMapper().readTree(a.out());
    assertTrue(j.get("energy_mj").asDouble() > 0);
    assertTrue(j.get("units").get(0).get("peak_memory_bytes").asLong() > 0);
    assertTrue(j.has("peak_temp_c"));
  }

  @Test
  void npuFallbacksShowInJsonAndTrace() throws Exception {
    needShared();
    Path t = tmp.resolve("npu.json");
    Out o = cli("run", "--soc", "npu", "--model", "dfmodel1", "--strategy", "solo-npu", "--json", "--trace",
        t.toString());
    assertEquals(0, o.code(), o.err());
    JsonNode j = new ObjectMapper().readTree(o.out());
    assertTrue(j.get("fallbacks").asInt() > 0);
    assertTrue(j.get("partitions").asInt() > 1);
    assertEquals(j.get("fallbacks").asInt(), Files.readString(t).split("\"cat\":\"fallback\"", -1).length - 1);
  }

  @Test
  void badInputGivesOneLineAndExitCode2() throws Exception {
    Path dot = tmp.resolve("cyc.dot");
    Files.writeString(dot, "digraph G {\n\"a\"->\"b\";\n\"b\"->\"a\";\n}");
    Out cyc = cli("run", "--soc", "redmi", "--model", dot.toString(), "--strategy", "heft");
    assertEquals(2, cyc.code());
    assertEquals(1, cyc.err().strip().lines().count(), cyc.err());
    assertTrue(cyc.err().contains("cyc.dot:2:"), cyc.err());
    Out missing = cli("run", "--soc", "redmi", "--model", tmp.resolve("none.dot").toString(), "--strategy", "heft");
    assertEquals(2, missing.code());
    assertTrue(missing.err().contains("none.dot"), missing.err());
    Out unknown = cli("run", "--soc", "no-such-soc", "--model", "inception-v3", "--strategy", "heft");
    assertEquals(2, unknown.code());
    Out usage = cli("run", "--soc", "redmi");
    assertEquals(2, usage.code());
  }

  @Test
  void malformedPlanRowNamesFileAndLineAndWritesNoTrace() throws Exception {
    needShared();
    Path plan = tmp.resolve("plan.csv");
    Files.writeString(plan, "InceptionV3/InceptionV3/Conv2d_1a_3x3/Conv2D CPU 1 0 1\nx CPU oops 1 2\n");
    Path trace = tmp.resolve("never.json");
    Out o = cli("run", "--soc", "redmi", "--model", "inception-v3", "--strategy", "replay", "--plan", plan.toString(),
        "--trace", trace.toString());
    assertEquals(2, o.code());
    assertTrue(o.err().contains("plan.csv:2:"), o.err());
    assertFalse(Files.exists(trace));
  }

  @Test
  void validateReplaysMeasuredSerialAndParallelRuns() throws Exception {
    needShared();
    Path hope = SharedData.hope();
    Out o = cli("validate", "--measured", hope.toString(), "--json");
    assertEquals(0, o.code(), o.err());
    JsonNode j = new ObjectMapper().readTree(o.out());
    assertTrue(j.get("summary").get("count").asInt() > 150);
    assertTrue(j.get("by_kind").get("parallel").get("count").asInt() >= 8);
    for (JsonNode r : j.get("rows")) {
      assertTrue(r.get("measured_ms").asDouble() > 0);
      assertTrue(r.get("predicted_ms").asDouble() > 0);
    }
  }

  @Test
  void listsNameTheBundledContent() {
    Out socs = cli("list", "socs");
    assertEquals(0, socs.code());
    assertTrue(socs.out().contains("redmi"));
    Out strategies = cli("list", "strategies");
    assertTrue(strategies.out().contains("heft"));
    assertTrue(strategies.out().contains("replay"));
  }
}
