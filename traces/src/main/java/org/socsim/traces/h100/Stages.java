package org.socsim.traces.h100;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.socsim.traces.JsonFiles;
import org.socsim.traces.TraceFormatException;

/**
 * An h100-server {@code stages/<model>.stages.json}: the model as a chain of top-level stages, each with its
 * input/output size and median latencies (ms) on the CPU at 1/4/16 threads, on the GPU, and of copying its
 * input host-to-device and device-to-host; for the GPU also the fastest of its synchronised runs ({@code gpuMinMs}).
 */
public record Stages(Path file, String model, List<Stage> stages) {
  public record Stage(int index, String name, String inShape, String outShape, long inBytes, long outBytes,
      long params, double cpuT1Ms, double cpuT4Ms, double cpuT16Ms, double gpuMs, double gpuMinMs, double h2dMs,
      double d2hMs) {
  }

  public static Stages read(Path file) {
    JsonNode root = JsonFiles.read(file);
    if (!root.isArray() || root.isEmpty()) {
      throw new TraceFormatException(file, 1, "expected a non-empty JSON array of stages");
    }
    List<Stage> out = new ArrayList<>();
    String model = null;
    for (int i = 0; i < root.size(); i++) {
      JsonNode s = root.get(i);
      String where = "stage #" + i;
      String m = JsonFiles.text(file, s, "model", where);
      if (model == null) {
        model = m;
      } else if (!model.equals(m)) {
        throw new TraceFormatException(file, 0, "expected every stage of model " + model + ", " + where + " is " + m);
      }
      if (s.path("index").asDouble(-1) != i) {
        throw new TraceFormatException(file, 0, "expected index " + i + " in " + where + " (stages in order), found "
            + s.get("index"));
      }
      for (String f : new String[] {"in", "out"}) {
        long bytes = (long) JsonFiles.number(file, s, f + "_bytes", where);
        JsonNode shape = s.get(f + "_shape");
        if (shape != null && shape.isArray() && !shape.isEmpty()) {
          double n = JsonFiles.ELEM_BYTES;
          for (JsonNode d : shape) {
            n *= d.asDouble();
          }
          if (n != bytes) {
            throw new TraceFormatException(file, 0, "expected " + where + "." + f + "_bytes = 4 x the product of "
                + f + "_shape " + shape + " = " + (long) n + ", found " + bytes);
          }
        }
      }
      if (i > 0 && root.get(i - 1).path("out_bytes").asLong() != s.path("in_bytes").asLong()) {
        throw new TraceFormatException(file, 0, "expected " + where + ".in_bytes = the out_bytes of stage #" + (i - 1)
            + " (a chain of stages), found " + s.path("in_bytes").asLong() + " and "
            + root.get(i - 1).path("out_bytes").asLong());
      }
      out.add(new Stage((int) JsonFiles.number(file, s, "index", where), JsonFiles.text(file, s, "stage", where),
          shape(s.get("in_shape")), shape(s.get("out_shape")), (long) JsonFiles.number(file, s, "in_bytes", where),
          (long) JsonFiles.number(file, s, "out_bytes", where), (long) JsonFiles.number(file, s, "params", where),
          JsonFiles.medianMs(file, s, "cpu_t1", where), JsonFiles.medianMs(file, s, "cpu_t4", where),
          JsonFiles.medianMs(file, s, "cpu_t16", where), JsonFiles.medianMs(file, s, "gpu", where),
          minMs(file, s.get("gpu"), where + ".gpu"),
          JsonFiles.medianMs(file, s, "h2d", where), JsonFiles.medianMs(file, s, "d2h", where)));
    }
    return new Stages(file, model, List.copyOf(out));
  }

  /** {@code min_ms} of a latency summary (the fastest of the repeated runs), or its median when it has no min. */
  private static double minMs(Path file, JsonNode v, String where) {
    double median = JsonFiles.median(file, v, where);
    if (!v.has("min_ms")) {
      return median;
    }
    double min = JsonFiles.number(file, v, "min_ms", where);
    if (min > median) {
      throw new TraceFormatException(file, 0, "expected min_ms <= median_ms in " + where + ", found " + min + " > "
          + median);
    }
    return min;
  }

  private static String shape(JsonNode n) {
    if (n == null || !n.isArray()) {
      return "";
    }
    List<String> d = new ArrayList<>();
    n.forEach(x -> d.add(x.asText()));
    return String.join(",", d);
  }
}
