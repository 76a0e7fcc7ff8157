package org.socsim.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.socsim.profile.LayerBasis;
import org.socsim.profile.NcnnCalibrator;
import org.socsim.replay.NcnnReplay;
import org.socsim.traces.ncnn.NcnnBench;

/** Predicting what was never measured: new models on phones, ncnn graphs, leave-out validation without leaks. */
class PredictTest {
  @TempDir
  Path tmp;

  static final ObjectMapper JSON = new ObjectMapper();

  /** ../shared, or a skip; CI always has it, so a missing folder fails there. */
  static Path shared() {
    if (SharedData.root().isEmpty() && "true".equals(System.getenv("CI"))) {
      throw new AssertionError("CI=true but ../shared is missing beside the project");
    }
    SharedGate.need("../shared not found beside the project: prediction test skipped");
    return SharedData.root().get();
  }

  @Test
  void aPhoneRunsAnOnnxModelItNeverMeasuredAndSaysWhichOpsWerePredicted() throws Exception {
    Path onnx = shared().resolve("models/mobilenet_v2.onnx");
    CliTest.Out o = CliTest.cli("run", "--soc", "redmi", "--model", onnx.toString(), "--strategy", "heft", "--json");
    assertEquals(0, o.code(), o.err());
    JsonNode j = JSON.readTree(o.out());
    assertEquals(j.get("ops").asInt(), j.get("predicted_ops").asInt());
    assertTrue(j.get("latency_ms").asDouble() > 1 && j.get("latency_ms").asDouble() < 1000, o.out());
    // A measured model has no predicted ops.
    CliTest.Out m = CliTest.cli("run", "--soc", "redmi", "--model", "inception-v3", "--strategy", "heft", "--json");
    assertEquals(0, JSON.readTree(m.out()).get("predicted_ops").asInt());
  }

  @Test
  void everyUnitOfEveryHopePhoneRunsAnNcnnGraph() throws Exception {
    Path param = shared().resolve("traces/ncnn-bench/models/mobilenet_v2.param");
    for (String soc : List.of("redmi", "mi9", "snapdragon_855", "oneplus5t", "oneplus3", "huawei_mate_20",
        "lenovo_k5")) {
      for (String strategy : List.of("solo-cpu", "solo-gpu")) {
        CliTest.Out o = CliTest.cli("run", "--soc", soc, "--model", param.toString(), "--strategy", strategy,
            "--json");
        assertEquals(0, o.code(), soc + " " + strategy + ": " + o.err());
        JsonNode j = JSON.readTree(o.out());
        assertEquals(0, j.get("fallbacks").asInt(), soc + " " + strategy);
        assertTrue(j.get("latency_ms").asDouble() > 0.5, soc + " " + strategy + " " + o.out());
      }
    }
  }

  @Test
  void leaveOneModelOutNeverSeesTheHeldOutModel() throws Exception {
    NcnnBench bench = NcnnBench.read(shared().resolve("traces/ncnn-bench"));
    NcnnCalibrator cal = new NcnnCalibrator(bench);
    String held = "resnet18";
    // The fit for resnet18 excludes it everywhere: its coefficients are the same whatever resnet18's rows say,
    // so its prediction cannot depend on them.
    NcnnCalibrator.Fit a = cal.fit((s, g) -> !g.equals(held));
    NcnnCalibrator.Fit b = cal.fit((s, g) -> !g.equals(held) && !g.equals("nothing"));
    NcnnBench.Setting any = cal.table().keySet().stream().filter(s -> cal.table().get(s).containsKey(held))
        .findFirst().orElseThrow();
    assertEquals(LayerBasis.dot(a.coefficients(any), cal.features(held)),
        LayerBasis.dot(b.coefficients(any), cal.features(held)), 1e-12);
    assertEquals(null, a.transferred(any, held));
    List<NcnnReplay.Row> rows = new NcnnReplay(NcnnBench.readAll(shared().resolve("traces/ncnn-bench")))
        .run(NcnnReplay.Holdout.MODEL, List.of());
    assertTrue(rows.size() > 5000);
    double[] e = rows.stream().mapToDouble(r -> Math.abs(r.errorPct())).sorted().toArray();
    // The a + b x MACs baseline has a median |error| near 24-30% here; the layer-term model must beat it.
    assertTrue(e[e.length / 2] < 20, "median |error| " + e[e.length / 2]);
    // End to end: tripling blazeface's measurements moves none of its held-out predictions. (Its latencies used to
    // decide, on the whole table, which settings follow the work and so which ones its own fold trained on.)
    Path copy = perturbed("blazeface", 3.0);
    Map<String, Double> before = predictionsOf(rows, "blazeface");
    Map<String, Double> after = predictionsOf(new NcnnReplay(NcnnBench.readAll(copy)).run(NcnnReplay.Holdout.MODEL,
        List.of()), "blazeface");
    assertTrue(after.size() > 150, after.size() + " rows");
    after.forEach((k, v) -> assertEquals(before.get(k), v, 0.0, k));
  }

  private static Map<String, Double> predictionsOf(List<NcnnReplay.Row> rows, String model) {
    Map<String, Double> out = new java.util.TreeMap<>();
    rows.stream().filter(r -> r.model().equals(model))
        .forEach(r -> out.put(r.device() + "|" + r.unit() + "|" + r.threads(), r.predictedMs()));
    return out;
  }

  /** A copy of ncnn-bench (models/ linked) with one model's min/max/avg latencies multiplied by {@code factor}. */
  private Path perturbed(String model, double factor) throws Exception {
    Path src = shared().resolve("traces/ncnn-bench");
    Path dir = tmp.resolve("nb-" + model);
    Files.createDirectories(dir);
    Files.createSymbolicLink(dir.resolve("models"), src.resolve("models").toAbsolutePath());
    List<org.socsim.traces.Csv.Row> rows = org.socsim.traces.Csv.read(src.resolve("results.csv"), false);
    List<String> head = rows.get(0).fields();
    StringBuilder b = new StringBuilder(org.socsim.traces.Csv.row(head));
    for (org.socsim.traces.Csv.Row r : rows.subList(1, rows.size())) {
      List<String> f = new java.util.ArrayList<>(r.fields());
      if (f.get(head.indexOf("model")).strip().equals(model)) {
        for (String c : List.of("min_ms", "max_ms", "avg_ms")) {
          int i = head.indexOf(c);
          f.set(i, String.format(java.util.Locale.ROOT, "%.2f", Double.parseDouble(f.get(i).strip()) * factor));
        }
      }
      b.append(org.socsim.traces.Csv.row(f));
    }
    Files.writeString(dir.resolve("results.csv"), b.toString());
    return dir;
  }

  @Test
  void aFewShotProfileRunsAHeldOutModelExactlyAsValidatePredictsIt() throws Exception {
    Path bench = shared().resolve("traces/ncnn-bench");
    String device = "Raspberry Pi 5 Broadcom BCM2712, Cortex-A76";
    String shots = "squeezenet,mobilenet_v2,resnet18,googlenet,shufflenet_v2";
    Path prof = tmp.resolve("rpi5.json");
    CliTest.Out c = CliTest.cli("calibrate", "--traces", bench.toString(), "--device", device, "--models", shots,
        "--out", prof.toString());
    assertEquals(0, c.code(), c.err());
    CliTest.Out v = CliTest.cli("validate", "--measured", bench.toString(), "--holdout", "device", "--shots", shots,
        "--json");
    assertEquals(0, v.code(), v.err());
    double predicted = Double.NaN;
    for (JsonNode r : JSON.readTree(v.out()).get("rows")) {
      if (r.get("device").asText().startsWith(device) && r.get("model").asText().equals("resnet50")
          && r.get("threads").asInt() == 4) {
        predicted = r.get("predicted_ms").asDouble();
      }
    }
    CliTest.Out run = CliTest.cli("run", "--soc", prof.toString(), "--model", "ncnn:resnet50", "--strategy",
        "solo-cpu", "--threads", "4", "--json");
    assertEquals(0, run.code(), run.err());
    assertEquals(predicted, JSON.readTree(run.out()).get("latency_ms").asDouble(), 0.002);
  }

  /**
   * ncnn runs an int8 network on the CPU even when told to use the GPU: its GPU rows are CPU measurements, predicted
   * by the CPU setting they ran with, and a profile's GPU unit refuses the whole network.
   */
  @Test
  void anInt8GraphOnAnNcnnGpuRunsOnTheCpuItWasBenchmarkedWith() throws Exception {
    NcnnBench bench = NcnnBench.read(shared().resolve("traces/ncnn-bench"));
    NcnnCalibrator cal = new NcnnCalibrator(bench);
    String orin = bench.devicesMatching("Jetson AGX Orin").get(0);
    NcnnBench.Setting gpu = new NcnnBench.Setting(orin, NcnnBench.UnitKind.GPU, 1, 0);
    NcnnBench.Setting cpu1 = new NcnnBench.Setting(orin, NcnnBench.UnitKind.ANY, 1, -1);
    assertEquals(cpu1, bench.host(gpu));
    assertEquals(cpu1, cal.pricedOn(gpu, "resnet18_int8"));
    assertEquals(gpu, cal.pricedOn(gpu, "resnet18"));
    // Two host thread counts (1 thread, and 10 threads on the big cores): the most frequent is kept.
    String rtx = bench.devicesMatching("RTX3090").get(0);
    NcnnBench.Setting rtxGpu = new NcnnBench.Setting(rtx, NcnnBench.UnitKind.GPU, 1, 0);
    assertEquals(new NcnnBench.Setting(rtx, NcnnBench.UnitKind.BIG, 10, -1), bench.host(rtxGpu));
    assertEquals(16.50, cal.table().get(rtxGpu).get("resnet18_int8"), 1e-9);
    // Leave-one-model-out: the GPU row of an int8 graph is predicted exactly as its CPU setting's row.
    NcnnCalibrator.Fit fit = cal.fit((s, g) -> !g.equals("resnet18_int8"));
    assertEquals(null, fit.transferred(cpu1, "resnet18_int8"));
    double viaCpu = LayerBasis.dot(fit.coefficients(cpu1), cal.features("resnet18_int8"));
    double viaGpu = LayerBasis.dot(fit.coefficients(cal.pricedOn(gpu, "resnet18_int8")),
        cal.features("resnet18_int8"));
    assertEquals(viaCpu, viaGpu, 1e-12);
    NcnnReplay.Row gpuRow = new NcnnReplay(bench).run(NcnnReplay.Holdout.MODEL, List.of()).stream()
        .filter(r -> r.device().equals(orin) && r.unit().equals("gpu") && r.graph().equals("resnet18_int8"))
        .findFirst().orElseThrow();
    assertEquals("cpu 1t", gpuRow.ranOn());
    // A CPU setting the device never measured borrows from its measured one (X Elite: GPU runs at 1 thread, CPU
    // rows at 12 threads only).
    NcnnCalibrator.Fit all = cal.fit((s, g) -> true);
    String elite = bench.devicesMatching("X Elite").get(0);
    NcnnBench.Setting one = bench.host(new NcnnBench.Setting(elite, NcnnBench.UnitKind.GPU, 1, 0));
    assertEquals(new NcnnBench.Setting(elite, NcnnBench.UnitKind.ANY, 1, -1), one);
    assertEquals(0, all.rows(one));
    assertTrue(all.method(one).startsWith("the device's any 12-thread setting"), all.method(one));
    // A GPU setting without rows never borrows a CPU's coefficients.
    NcnnCalibrator.Fit noGpu = cal.fit((s, g) -> !(s.device().equals(orin) && s.kind() == NcnnBench.UnitKind.GPU));
    assertEquals("zero-shot from the heading", noGpu.method(gpu));
    // The bundled RTX3090 profile gets the CPU its int8 rows ran on, and its GPU refuses int8 networks whole.
    String soc = "ncnn-nvidia-rtx3090-ga102-sm-x-82-tensor";
    JsonNode i8 = JSON.readTree(CliTest.cli("run", "--soc", soc, "--model", "ncnn:resnet18_int8", "--strategy",
        "solo-gpu", "--json").out());
    assertEquals(i8.get("ops").asInt(), i8.get("fallbacks").asInt());
    assertEquals(0, i8.get("transfers").asInt());
    JsonNode fp = JSON.readTree(CliTest.cli("run", "--soc", soc, "--model", "ncnn:resnet18", "--strategy",
        "solo-gpu", "--json").out());
    assertEquals(0, fp.get("fallbacks").asInt());
    // A device with neither CPU nor int8 rows (its Vulkan GPU is 'gpu1') still gets the CPU its GPU runs used.
    String quadro = "ncnn-nvidia-quadro-rtx-8000-tu102-sm-x";
    CliTest.Out q8 = CliTest.cli("run", "--soc", quadro, "--model", "ncnn:resnet18_int8", "--strategy", "solo-gpu",
        "--json");
    assertEquals(0, q8.code(), q8.err());
    assertEquals(41, JSON.readTree(q8.out()).get("fallbacks").asInt());
    assertEquals(0, JSON.readTree(CliTest.cli("run", "--soc", quadro, "--model", "ncnn:resnet18", "--strategy",
        "solo-gpu", "--json").out()).get("fallbacks").asInt());
    // No GPU fit saw an int8 row, so a phone GPU (MNN, not ncnn) prices an int8 network like its fp32 version.
    double phone8 = JSON.readTree(CliTest.cli("run", "--soc", "mi9", "--model", "ncnn:resnet18_int8", "--strategy",
        "solo-gpu", "--json").out()).get("latency_ms").asDouble();
    double phone32 = JSON.readTree(CliTest.cli("run", "--soc", "mi9", "--model", "ncnn:resnet18", "--strategy",
        "solo-gpu", "--json").out()).get("latency_ms").asDouble();
    assertEquals(phone32, phone8, 1e-9);
  }

  @Test
  void ambiguousOrUnknownDevicesAndLayerTypesAreOneLineErrors() throws Exception {
    Path bench = shared().resolve("traces/ncnn-bench");
    CliTest.Out o = CliTest.cli("calibrate", "--traces", bench.toString(), "--device", "Snapdragon",
        "--out", tmp.resolve("x.json").toString());
    assertEquals(2, o.code());
    assertTrue(o.err().contains("be more specific") && o.err().contains("Snapdragon 855+"), o.err());
    assertTrue(!Files.exists(tmp.resolve("x.json")));
    Path bad = tmp.resolve("bad.param");
    Files.writeString(bad, "7767517\n2 2\nInput data 0 1 data 0=8 1=8 2=3\nWeird w 1 1 data y\n");
    CliTest.Out r = CliTest.cli("run", "--soc", "redmi", "--model", bad.toString(), "--strategy", "heft");
    assertEquals(2, r.code());
    assertTrue(r.err().contains("bad.param:4") && r.err().contains("Weird"), r.err());
    assertEquals(1, r.err().strip().split("\n").length, r.err());
  }

  @Test
  void bundledNcnnProfilesAreListedWithTheirHeadings() {
    shared();
    CliTest.Out o = CliTest.cli("list", "socs");
    assertEquals(0, o.code());
    assertTrue(o.out().contains("ncnn-qualcomm-sm8150-ac-snapdragon-855") && o.out().contains("Snapdragon 855+"),
        o.out());
    Map<String, Long> counts = new java.util.TreeMap<>();
    for (String l : o.out().split("\n")) {
      counts.merge(l.startsWith("ncnn-") ? "ncnn" : "other", 1L, Long::sum);
    }
    assertTrue(counts.get("ncnn") >= 80, counts.toString());
  }
}
