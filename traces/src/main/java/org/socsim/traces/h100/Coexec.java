package org.socsim.traces.h100;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.socsim.traces.JsonFiles;
import org.socsim.traces.TraceFormatException;

/**
 * The h100-server {@code coexec/layers.coexec.json}: single conv layers whose output channels are split between
 * the GPU (fraction {@code fGpu}) and the CPU (4 threads), measured end to end; the f = 0 row of each layer also
 * carries component timings (ms).
 */
public record Coexec(Path file, List<Row> rows) {
  /** Components measured separately (ms): the calibration side of the co-execution check. */
  public record Components(double gpuFullMs, double h2dInputMs, double gpuComputePlusD2hMs, double cpuFullMs) {
  }

  /** One co-executed call; {@code noisePct}: block-to-block spread of its latency (v2 layout), NaN without one. */
  public record Row(String layer, long cin, long cout, int k, int stride, long groups, long h, long w, int cpuThreads,
      double fGpu, long coutGpu, double medianMs, int runs, Components components, double noisePct) {
    public long inputBytes() {
      return cin * h * w * 4;
    }

    public long outputBytes() {
      long ho = (h + stride - 1) / stride;
      long wo = (w + stride - 1) / stride;
      return cout * ho * wo * 4;
    }

    public boolean depthwise() {
      return groups > 1 && groups == cin;
    }
  }

  public static Coexec read(Path file) {
    JsonNode root = JsonFiles.read(file);
    if (!root.isArray()) {
      throw new TraceFormatException(file, 1, "expected a JSON array of co-execution rows");
    }
    List<Row> rows = new ArrayList<>();
    for (int i = 0; i < root.size(); i++) {
      JsonNode r = root.get(i);
      String where = "row #" + i;
      Components comp = null;
      JsonNode c = r.get("components");
      if (c != null && c.isObject()) {
        comp = new Components(component(file, c, "gpu_full_compute", where),
            component(file, c, "h2d_input", where), component(file, c, "gpu_compute_plus_d2h", where),
            component(file, c, "cpu_full_compute", where));
      }
      double f = JsonFiles.number(file, r, "f_gpu", where);
      if (f < 0 || f > 1) {
        throw new TraceFormatException(file, 0, "expected 0 <= f_gpu <= 1 in " + where);
      }
      rows.add(new Row(JsonFiles.text(file, r, "layer", where), (long) JsonFiles.number(file, r, "cin", where),
          (long) JsonFiles.number(file, r, "cout", where), (int) JsonFiles.number(file, r, "k", where),
          (int) JsonFiles.number(file, r, "stride", where), (long) JsonFiles.number(file, r, "groups", where),
          (long) JsonFiles.number(file, r, "h", where), (long) JsonFiles.number(file, r, "w", where),
          (int) JsonFiles.number(file, r, "cpu_threads", where), f, (long) JsonFiles.number(file, r, "cout_gpu", where),
          JsonFiles.medianMs(file, r, "coexec", where), r.path("coexec").path("n").asInt(0), comp,
          r.path("coexec").has("noise_pct") ? JsonFiles.number(file, r.get("coexec"), "noise_pct", where) : Double.NaN));
    }
    return new Coexec(file, List.copyOf(rows));
  }

  /** A component: a median in ms (first layout) or a summary object with {@code median_ms} (v2 layout). */
  private static double component(Path file, JsonNode c, String name, String where) {
    JsonNode v = c.get(name);
    return v != null && v.isObject() ? JsonFiles.medianMs(file, c, name, where + ".components")
        : JsonFiles.number(file, c, name, where + ".components");
  }
}
