package org.socsim.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The "check on a device" loop on this host: measure with ONNX Runtime, calibrate, predict. */
class MeasureTest {
  @TempDir
  Path tmp;

  static Path shared() {
    SharedGate.need("../shared not found: ONNX measurement test skipped");
    return SharedData.root().get();
  }

  @Test
  void measureCalibratePredictLoopOnThisHost() throws Exception {
    Path onnx = shared().resolve("models/squeezenet1_1.onnx");
    Path dir = tmp.resolve("host");
    CliTest.Out m = CliTest.cli("measure", "--onnx", onnx.toString(), "--threads", "1", "--runs", "3", "--out",
        dir.toString());
    assertEquals(0, m.code(), m.err());
    JsonNode summary = new ObjectMapper().readTree(dir.resolve("summary.json").toFile());
    assertEquals("squeezenet1_1", summary.get("model").asText());
    JsonNode run = summary.get("runs").get(0);
    assertEquals(1, run.get("threads").asInt());
    assertEquals(3, run.get("runs_measured").asInt());
    double measured = run.get("latency_ms").asDouble();
    assertTrue(measured > 0);
    assertTrue(Files.readString(dir.resolve("squeezenet1_1.measurements.csv")).lines().count() > 60);
    Path profile = tmp.resolve("host.json");
    CliTest.Out c = CliTest.cli("calibrate", "--traces", dir.toString(), "--device", "host-test", "--out",
        profile.toString());
    assertEquals(0, c.code(), c.err());
    CliTest.Out r = CliTest.cli("run", "--soc", profile.toString(), "--model", onnx.toString(), "--strategy", "solo-cpu",
        "--threads", "1", "--json");
    assertEquals(0, r.code(), r.err());
    double predicted = new ObjectMapper().readTree(r.out()).get("latency_ms").asDouble();
    // in-sample (the profile was fitted on this very measurement): the loop must close within a wide margin
    assertTrue(Math.abs(predicted - measured) / measured < 0.5, predicted + " vs " + measured);
  }

  @Test
  void truncatedOnnxGivesOneLineAndExit2() throws Exception {
    byte[] all = Files.readAllBytes(shared().resolve("models/squeezenet1_1.onnx"));
    Path cut = tmp.resolve("cut.onnx");
    Files.write(cut, Arrays.copyOf(all, 5000));
    CliTest.Out m = CliTest.cli("measure", "--onnx", cut.toString(), "--out", tmp.resolve("o").toString());
    assertEquals(2, m.code());
    assertTrue(m.err().contains("cut.onnx"), m.err());
    assertEquals(1, m.err().strip().lines().count(), m.err());
    CliTest.Out r = CliTest.cli("run", "--soc", "host", "--model", cut.toString(), "--strategy", "solo-cpu");
    assertEquals(2, r.code());
  }

  @Test
  void listModelsDetailsPrintsMultiplyAccumulates() {
    shared();
    CliTest.Out o = CliTest.cli("list", "models", "--details");
    assertEquals(0, o.code(), o.err());
    String resnet = o.out().lines().filter(l -> l.startsWith("resnet50") && l.contains("ONNX")).findFirst().orElseThrow();
    assertTrue(resnet.contains("4.089 GMACs"), resnet);
    assertTrue(resnet.contains("8.194 GFLOPs"), resnet);
  }

  @Test
  void crossvalHoldsOutEachModel() throws Exception {
    Path h100 = shared().resolve("traces/h100-server");
    CliTest.Out o = CliTest.cli("crossval", "--traces", h100.toString(), "--json");
    assertEquals(0, o.code(), o.err());
    JsonNode rows = new ObjectMapper().readTree(o.out()).get("rows");
    assertEquals(6, rows.size());
    for (JsonNode r : rows) {
      assertTrue(!r.get("trained_on").toString().contains("\"" + r.get("model").asText() + "\""));
    }
    // a held-out model at a thread count no other model was measured at is skipped, not predicted from another
    Path few = Files.createDirectories(tmp.resolve("crossval"));
    try (var fs = Files.list(h100.resolve("profiles"))) {
      for (Path f : fs.filter(f -> f.getFileName().toString().matches("ort_(squeezenet1_1_cpu_t[14]|mobilenet_v2_cpu"
          + "_t1)_.*\\.json")).toList()) {
        Files.copy(f, few.resolve(f.getFileName()));
      }
    }
    JsonNode j = new ObjectMapper().readTree(CliTest.cli("crossval", "--traces", few.toString(), "--json").out());
    assertEquals(2, j.get("rows").size(), j.toString());
    assertEquals("squeezenet1_1 at 4 threads: no other model was measured at 4 threads",
        j.get("skipped").get(0).asText());
  }
}
