package org.socsim.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.socsim.replay.HopeReplay;

/**
 * Whether each phone's serial GPU files follow the work: over the models a phone measured both on its GPU and on one
 * CPU thread, the rank correlation of the GPU latencies with the CPU ones (the CPU time standing for
 * the model's work). A negative one says the GPU files measure something else than these models' work (on the
 * shared traces: snapdragon_855, whose nasnet-mobile takes 1,715 ms on the GPU and nasnet-large 1,368 ms); its
 * leave-one-model-out GPU rows then cannot be predicted from its other models. Printed, not acted on.
 */
final class HopeWorkOrder {
  /** Fewest models a phone needs before its GPU order is reported. */
  static final int MIN_MODELS = 4;

  private HopeWorkOrder() {
  }

  /** Phone -> rank correlation (models compared), for phones with at least {@link #MIN_MODELS} such models. */
  static Map<String, Map<String, Object>> byPhone(List<HopeReplay.Row> rows) {
    Map<String, Map<String, List<Double>>> gpu = new TreeMap<>();
    Map<String, Map<String, List<Double>>> cpu = new TreeMap<>();
    for (HopeReplay.Row r : rows) {
      if (!r.kind().equals("serial")) {
        continue;
      }
      if (r.processor().equals("gpu")) {
        gpu.computeIfAbsent(r.device(), k -> new TreeMap<>()).computeIfAbsent(r.model(), k -> new ArrayList<>())
            .add(r.measuredMs());
      } else if (r.processor().startsWith("cpu") && r.threads() == 1) {
        cpu.computeIfAbsent(r.device(), k -> new TreeMap<>()).computeIfAbsent(r.model(), k -> new ArrayList<>())
            .add(r.measuredMs());
      }
    }
    Map<String, Map<String, Object>> out = new TreeMap<>();
    gpu.forEach((phone, byModel) -> {
      Map<String, List<Double>> c = cpu.getOrDefault(phone, Map.of());
      List<String> both = byModel.keySet().stream().filter(c::containsKey).toList();
      if (both.size() >= MIN_MODELS) {
        double[] g = both.stream().mapToDouble(m -> org.socsim.result.Stats.median(byModel.get(m))).toArray();
        double[] x = both.stream().mapToDouble(m -> org.socsim.result.Stats.median(c.get(m))).toArray();
        double rho = new org.apache.commons.math3.stat.correlation.SpearmansCorrelation().correlation(x, g);
        Map<String, Object> v = new java.util.LinkedHashMap<>();
        v.put("rank_correlation", Json.r3(Double.isNaN(rho) ? 0 : rho));
        v.put("models", both.size());
        out.put(phone, v);
      }
    });
    return out;
  }

  /** The text line, or null when no phone has enough models. */
  static String line(List<HopeReplay.Row> rows) {
    Map<String, Map<String, Object>> m = byPhone(rows);
    if (m.isEmpty()) {
      return null;
    }
    List<String> parts = new ArrayList<>();
    m.forEach((phone, v) -> parts.add(String.format(java.util.Locale.ROOT, "%s %.2f (%d)", phone,
        ((Number) v.get("rank_correlation")).doubleValue(), (int) v.get("models"))));
    return "GPU files against the phone's own 1-thread CPU files (rank correlation over models; a negative one does"
        + " not follow the work): " + String.join(", ", parts);
  }
}
