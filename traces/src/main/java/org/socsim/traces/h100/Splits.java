package org.socsim.traces.h100;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.socsim.traces.JsonFiles;
import org.socsim.traces.TraceFormatException;

/**
 * An h100-server {@code splits/<model>.splits.json}: measured end-to-end latency of two-unit split plans.
 * Stages {@code [0,k)} run on {@code first}, the activation is copied, stages {@code [k,n)} run on the other unit.
 */
public record Splits(Path file, List<Split> splits) {
  /** @param noisePct block-to-block spread of the measurement (v2 layout), NaN when the file has none */
  public record Split(String model, int threads, String first, int k, int nStages, double medianMs, int runs,
      double noisePct) {
    /** All stages on the CPU (the reference a plan is compared with inside one run). */
    public boolean allCpu() {
      return first.equals("cpu") ? k == nStages : k == 0;
    }

    public String label() {
      return first + "-first k=" + k + "/" + nStages;
    }
  }

  public static Splits read(Path file) {
    JsonNode root = JsonFiles.read(file);
    if (!root.isArray()) {
      throw new TraceFormatException(file, 1, "expected a JSON array of split plans");
    }
    List<Split> out = new ArrayList<>();
    for (int i = 0; i < root.size(); i++) {
      JsonNode s = root.get(i);
      String where = "split #" + i;
      String first = JsonFiles.text(file, s, "first", where);
      if (!first.equals("gpu") && !first.equals("cpu")) {
        throw new TraceFormatException(file, 0, "expected first = gpu or cpu in " + where + ", found " + first);
      }
      int k = (int) JsonFiles.number(file, s, "split_after_stages", where);
      int n = (int) JsonFiles.number(file, s, "n_stages", where);
      if (k < 0 || k > n) {
        throw new TraceFormatException(file, 0, "expected 0 <= split_after_stages <= n_stages in " + where);
      }
      out.add(new Split(JsonFiles.text(file, s, "model", where), (int) JsonFiles.number(file, s, "threads", where),
          first, k, n, positive(file, JsonFiles.median(file, s, where), where), s.path("n").asInt(0),
          s.has("noise_pct") ? JsonFiles.number(file, s, "noise_pct", where) : Double.NaN));
    }
    return new Splits(file, List.copyOf(out));
  }

  private static double positive(Path file, double ms, String where) {
    if (ms <= 0) {
      throw new TraceFormatException(file, 0, "expected median_ms > 0 in " + where + " (a measured latency)");
    }
    return ms;
  }
}
