package org.socsim.cli;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import java.io.IOException;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.Callable;
import org.socsim.traces.onnx.OnnxReader;
import org.socsim.traces.onnx.OnnxWeights;
import org.socsim.traces.ort.OrtProfile;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "measure", mixinStandardHelpOptions = true, header = "Measure an ONNX model on this host with ONNX Runtime.", sortOptions = false,
    description = {"Measure an ONNX model on this host's CPU with ONNX Runtime (profiling on, BASIC_OPT so nodes",
        "match the graph, first run dropped as warm-up). Writes into DIR:",
        "  ort_<model>_cpu_t<N>.json   ONNX Runtime profile (Chrome trace; opens in Perfetto)",
        "  <model>.measurements.csv    node, op_type, threads, median_us, samples",
        "  summary.json and <model>.summary.json  {model, onnx, host_cores, runs: [{threads, latency_ms, runs_measured}]}",
        "'socsim calibrate --traces DIR' turns one or several measured models into a host profile.",
        "",
        "Example: socsim measure --onnx ../shared/models/squeezenet1_1.onnx --threads 1,2 --out host"})
final class MeasureCommand implements Callable<Integer> {
  @Option(names = "--onnx", required = true, description = "The .onnx model to run")
  Path onnx;

  @Option(names = "--threads", split = ",", defaultValue = "1", description = "Intra-op thread counts (default: ${DEFAULT-VALUE})")
  List<Integer> threads;

  @Option(names = "--runs", defaultValue = "12", description = "Timed runs per thread count after one warm-up (default: ${DEFAULT-VALUE})")
  int runs;

  @Option(names = "--seed", defaultValue = "1", description = "Seed of the random input (default: ${DEFAULT-VALUE})")
  long seed;

  @Option(names = "--out", required = true, description = "Output folder (created)")
  Path out;

  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    var parsed = OnnxReader.read(onnx); // one-line error for a missing, truncated or non-ONNX file before ORT sees it
    if (runs < 2) {
      throw new IllegalArgumentException("--runs must be >= 2, got " + runs);
    }
    java.util.Set<Integer> seen = new java.util.HashSet<>();
    for (int t : threads) {
      if (t < 1) {
        throw new IllegalArgumentException("--threads must be >= 1, got " + t);
      }
      if (!seen.add(t)) {
        throw new IllegalArgumentException("--threads lists " + t + " twice (each count is measured once)");
      }
    }
    org.socsim.io.AtomicFiles.folder(out, "the measurement's output folder");
    String model = onnx.getFileName().toString().replaceFirst("(\\.graph-only)?\\.onnx$", "");
    List<Map<String, Object>> runRows = new ArrayList<>();
    StringBuilder csv = new StringBuilder("node,op_type,threads,median_us,samples\n");
    var o = spec.commandLine().getOut();
    OrtEnvironment env = OrtEnvironment.getEnvironment();
    Path runnable = onnx;
    boolean filled = OnnxWeights.needsWeights(parsed);
    if (filled) {
      runnable = out.resolve("." + model + ".weights.onnx");
      OnnxWeights.materialize(onnx, runnable, seed);
      o.printf("%s: graph-only file; initializers filled with seeded random weights (latency does not depend on"
          + " values)%n", model);
    }
    try {
      measureAll(env, model, runnable, runRows, csv, o);
    } finally {
      if (filled) {
        Files.deleteIfExists(runnable);
      }
    }
    Map<String, Object> summary = new LinkedHashMap<>();
    summary.put("model", model);
    summary.put("onnx", onnx.toAbsolutePath().normalize().toString());
    summary.put("random_weights", filled);
    summary.put("host_cores", Runtime.getRuntime().availableProcessors());
    summary.put("ort_version", OrtEnvironment.getEnvironment().getVersion());
    summary.put("runs", runRows);
    write(out.resolve(model + ".measurements.csv"), csv.toString());
    write(out.resolve(model + ".summary.json"), Json.write(summary) + "\n");
    write(out.resolve("summary.json"), Json.write(summary) + "\n");
    return 0;
  }

  private void measureAll(OrtEnvironment env, String model, Path runnable, List<Map<String, Object>> runRows,
      StringBuilder csv, java.io.PrintWriter o) throws Exception {
    for (int t : threads) {
      Path prof = out.resolve("ort_" + model + "_cpu_t" + t + ".json");
      double[] wall = measure(env, runnable, t, prof);
      OrtProfile p = OrtProfile.read(prof);
      for (OrtProfile.NodeStats n : p.nodes()) {
        // the node name is always quoted (as the first versions wrote it), the other fields where needed
        csv.append(org.socsim.traces.Csv.quoted(n.node())).append(',').append(org.socsim.traces.Csv.row(n.opType(),
            Integer.toString(t), String.format(java.util.Locale.ROOT, "%.3f", n.medianUs()),
            String.valueOf(n.samples())));
      }
      double[] sorted = wall.clone();
      Arrays.sort(sorted);
      double med = sorted.length % 2 == 1 ? sorted[sorted.length / 2]
          : (sorted[sorted.length / 2 - 1] + sorted[sorted.length / 2]) / 2;
      Map<String, Object> r = new LinkedHashMap<>();
      r.put("threads", t);
      r.put("latency_ms", Json.r3(med));
      r.put("runs_measured", wall.length);
      r.put("nodes", p.nodes().size());
      r.put("dispatch_us_per_op", Json.r3(org.socsim.profile.OrtCalibrator.dispatchUs(p)));
      List<String> load = org.socsim.profile.OrtCalibrator.loadWarnings(List.of(p));
      r.put("under_load", !load.isEmpty());
      runRows.add(r);
      o.printf("%s threads %d: median %.3f ms over %d runs (%d nodes profiled) -> %s%n", model, t, med, wall.length,
          p.nodes().size(), prof);
      int cores = Runtime.getRuntime().availableProcessors();
      if (t > cores) {
        o.println("warning: " + t + " threads on a host with " + cores + " cores: the threads share cores, so this"
            + " run measures oversubscription (and reads as load below)");
      }
      for (String w : load) {
        o.println("warning: " + w);
      }
    }
  }

  /** Runs the model {@code runs + 1} times with profiling; returns the wall times (ms) of the timed runs. */
  private double[] measure(OrtEnvironment env, Path model, int t, Path profileOut) throws OrtException, IOException {
    Path tmpPrefix = Files.createTempDirectory("socsim-ort").resolve("prof");
    try (OrtSession.SessionOptions so = new OrtSession.SessionOptions()) {
      so.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.BASIC_OPT);
      so.setIntraOpNumThreads(t);
      so.setInterOpNumThreads(1);
      so.setExecutionMode(OrtSession.SessionOptions.ExecutionMode.SEQUENTIAL);
      so.enableProfiling(tmpPrefix.toString());
      try (OrtSession s = env.createSession(model.toString(), so)) {
        Map<String, OnnxTensor> inputs = inputs(env, s);
        double[] wall = new double[runs];
        try {
          for (int i = 0; i <= runs; i++) {
            long t0 = System.nanoTime();
            try (OrtSession.Result r = s.run(inputs)) {
              if (i > 0) {
                wall[i - 1] = (System.nanoTime() - t0) / 1e6;
              }
            }
          }
        } finally {
          inputs.values().forEach(OnnxTensor::close);
        }
        String file = s.endProfiling();
        Files.move(Path.of(file), profileOut, StandardCopyOption.REPLACE_EXISTING);
        return wall;
      }
    }
  }

  private Map<String, OnnxTensor> inputs(OrtEnvironment env, OrtSession s) throws OrtException {
    Map<String, OnnxTensor> in = new HashMap<>();
    Random rnd = new Random(seed);
    for (Map.Entry<String, NodeInfo> e : s.getInputInfo().entrySet()) {
      if (!(e.getValue().getInfo() instanceof TensorInfo ti)) {
        throw new IllegalArgumentException(onnx + ": input " + e.getKey() + " is not a tensor");
      }
      long[] shape = ti.getShape().clone();
      long n = 1;
      for (int i = 0; i < shape.length; i++) {
        shape[i] = shape[i] < 0 ? 1 : shape[i];
        n *= shape[i];
      }
      float[] data = new float[(int) n];
      for (int i = 0; i < data.length; i++) {
        data[i] = (float) rnd.nextGaussian();
      }
      in.put(e.getKey(), OnnxTensor.createTensor(env, FloatBuffer.wrap(data), shape));
    }
    return in;
  }

  private static void write(Path file, String text) throws IOException {
    org.socsim.io.AtomicFiles.writeString(file, text);
  }
}
