package org.socsim.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * {@code run --json} is schema {@code socsim-run/1}: the same keys in the same order whatever the options (null
 * where a key does not apply), each listed in docs/run-json-schema.md; {@code --ops} fills {@code op_times}.
 */
class RunJsonSchemaTest {
  static final String[][] RUNS = {
      {"--soc", "h100-server", "--model", "resnet50", "--strategy", "heft"},
      {"--soc", "h100-server", "--model", "resnet50", "--strategy", "codl", "--requests", "4", "--rate", "50",
          "--thermal", "--what-if", "gpu.speed=2"},
      {"--soc", "redmi", "--model", "inception-v3,nasnet-mobile", "--strategy", "heft", "--slo-ms", "300,200"},
      {"--soc", "redmi", "--model", "inception-v3,nasnet-mobile", "--strategy", "least-slack-first", "--ops"},
      {"--soc", "redmi", "--model", "inception-v3", "--strategy", "solo-gpu", "--background", "ui:60hz:4ms",
          "--requests", "2", "--ops"}};

  static JsonNode run(String... args) throws Exception {
    String[] a = new String[args.length + 2];
    a[0] = "run";
    System.arraycopy(args, 0, a, 1, args.length);
    a[a.length - 1] = "--json";
    CliTest.Out o = CliTest.cli(a);
    assertEquals(0, o.code(), o.err());
    return new ObjectMapper().readTree(o.out());
  }

  static List<String> keys(JsonNode n) {
    List<String> out = new ArrayList<>();
    n.fieldNames().forEachRemaining(out::add);
    return out;
  }

  /** The keys docs/run-json-schema.md lists in its table, in order. */
  static List<String> documented() throws Exception {
    Path doc = Path.of("..", "docs", "run-json-schema.md");
    List<String> out = new ArrayList<>();
    Matcher m = Pattern.compile("(?m)^\\| `([a-z_0-9]+)` \\|").matcher(Files.readString(doc));
    while (m.find()) {
      out.add(m.group(1));
    }
    return out;
  }

  @Test
  void everyOutputHasEveryDocumentedKeyInOrderSchemaFirst() throws Exception {
    List<String> doc = documented();
    assertEquals("schema", doc.get(0));
    for (String[] args : RUNS) {
      JsonNode j = run(args);
      assertEquals(doc, keys(j), String.join(" ", args));
      assertEquals("socsim-run/1", j.get("schema").asText());
      for (JsonNode u : j.get("units")) {
        assertEquals(List.of("unit", "ops", "transfers", "busy_ms", "utilisation", "energy_mj", "peak_memory_bytes"),
            keys(u));
      }
      if (!j.get("jobs").isNull()) {
        for (JsonNode job : j.get("jobs")) {
          assertEquals(List.of("job", "finish_ms", "slo_ms", "slo_met"), keys(job));
        }
      }
    }
    JsonNode one = run(RUNS[0]);
    for (String k : List.of("what_if", "options", "latency_p50_ms", "throughput_per_s", "peak_temp_c", "slices", "jobs",
        "op_times")) {
      assertTrue(one.get(k).isNull(), k);
    }
    JsonNode many = run(RUNS[1]);
    assertEquals("gpu.speed=2", many.get("what_if").asText());
    assertTrue(many.get("latency_p90_ms").isNumber() && many.get("peak_temp_c").isNumber());
    assertTrue(run("--soc", "redmi", "--model", "inception-v3", "--strategy", "codl").get("slices").isNumber());
    assertEquals("gpu-share=0.5", run("--soc", "redmi", "--model", "inception-v3", "--strategy", "codl",
        "--split-fraction", "0.5").get("options").asText());
    // one model with an objective: one job named after the model
    JsonNode slo = run("--soc", "redmi", "--model", "inception-v3", "--strategy", "heft", "--slo-ms", "100");
    assertEquals(1, slo.get("jobs").size());
    assertEquals("inception-v3", slo.get("jobs").get(0).get("job").asText());
    assertEquals(slo.get("latency_ms").asDouble(), slo.get("jobs").get(0).get("finish_ms").asDouble(), 1e-9);
    assertEquals(false, slo.get("jobs").get(0).get("slo_met").asBoolean());
    CliTest.Out text = CliTest.cli("run", "--soc", "redmi", "--model", "inception-v3", "--strategy", "heft",
        "--slo-ms", "1000");
    assertTrue(text.out().contains("objective met: inception-v3 finished at"), text.out());
    // several requests: a job's latency is its slowest request's, judged against its objective
    JsonNode five = run("--soc", "redmi", "--model", "inception-v3", "--strategy", "heft", "--slo-ms", "400",
        "--requests", "5");
    assertEquals(five.get("latency_max_ms").asDouble(), five.get("jobs").get(0).get("finish_ms").asDouble(), 1e-9);
    assertEquals(true, five.get("jobs").get(0).get("slo_met").asBoolean());
    // several models and requests of a plan strategy: each job's slowest request (spans "r<k> <job>|<op>"), each
    // against its own objective (before: the end of the whole run, judged against the tightest objective)
    for (String rate : List.of("2", "0")) {
      JsonNode two = run("--soc", "redmi", "--model", "inception-v3,squeezenet1_1", "--strategy", "heft", "--slo-ms",
          "1000,1", "--requests", "4", "--rate", rate);
      double slowest = 0;
      for (JsonNode job : two.get("jobs")) {
        assertTrue(job.get("finish_ms").asDouble() < two.get("latency_ms").asDouble() / 2, two.toString());
        slowest = Math.max(slowest, job.get("finish_ms").asDouble());
      }
      assertEquals(two.get("latency_max_ms").asDouble(), slowest, 1e-9, "the slowest job of the slowest request");
      assertEquals(true, two.get("jobs").get(0).get("slo_met").asBoolean(), two.get("jobs").toString());
      assertEquals(false, two.get("jobs").get(1).get("slo_met").asBoolean(), two.get("jobs").toString());
    }
    // a run-time strategy keeps each model's own objective: text and JSON agree
    CliTest.Out online = CliTest.cli("run", "--soc", "redmi", "--model", "inception-v3,squeezenet1_1", "--strategy",
        "least-slack-first", "--slo-ms", "1000,100", "--requests", "2");
    assertTrue(online.out().contains("objective met: 2:squeezenet1_1"), online.out());
  }

  @Test
  void opsGivesEveryOpsUnitStartAndEndFromTheTimeline() throws Exception {
    JsonNode j = run("--soc", "redmi", "--model", "inception-v3", "--strategy", "heft", "--ops");
    JsonNode ops = j.get("op_times");
    assertEquals(j.get("ops").asInt(), ops.size());
    double last = 0;
    double end = 0;
    for (JsonNode o : ops) {
      assertEquals(List.of("op", "unit", "start_us", "end_us", "threads", "fallback"), keys(o));
      assertTrue(o.get("end_us").asDouble() >= o.get("start_us").asDouble() && o.get("start_us").asDouble() >= last);
      last = o.get("start_us").asDouble();
      end = Math.max(end, o.get("end_us").asDouble());
    }
    assertEquals(j.get("latency_ms").asDouble() * 1000, end, 1.0, "the run ends with its last op");
    JsonNode two = run("--soc", "redmi", "--model", "inception-v3", "--strategy", "heft", "--ops", "--requests", "2");
    assertEquals(2 * j.get("ops").asInt(), two.get("op_times").size());
    assertTrue(two.get("op_times").get(0).get("op").asText().startsWith("r0 "));
    BadInputTest.oneLine(CliTest.cli("run", "--soc", "redmi", "--model", "inception-v3", "--strategy", "heft",
        "--ops"), "--ops adds per-op times to --json output");
  }
}
