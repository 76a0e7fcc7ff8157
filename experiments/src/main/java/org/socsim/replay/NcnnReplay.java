package org.socsim.replay;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiPredicate;
import org.socsim.profile.LayerBasis;
import org.socsim.profile.NcnnCalibrator;
import org.socsim.traces.ncnn.NcnnBench;
import org.socsim.traces.ncnn.NcnnBench.Setting;

/**
 * Leave-out validation of the generalising cost model on the ncnn benchmark table: every prediction comes from a
 * fit that never saw the cell it is scored on; for {@code MODEL}, no row of that model on any device; for
 * {@code DEVICE}, no row of that device except its shot models'. {@code NONE} is the in-sample fit (not a
 * prediction; reported to show the model's capacity).
 */
public final class NcnnReplay {
  public enum Holdout { NONE, MODEL, DEVICE }

  /**
   * A scored cell; {@code model} as written in results.csv, {@code graph} the .param it names; {@code ranOn} the CPU
   * setting that ran (and prices) an int8 graph's GPU row, e.g. {@code cpu 1t}, else null.
   */
  public record Row(String device, String model, String graph, String unit, int threads, double measuredMs,
      double predictedMs, String ranOn) {
    public double errorPct() {
      return 100.0 * (predictedMs - measuredMs) / measuredMs;
    }
  }

  private final NcnnCalibrator cal;
  private final Map<Setting, Map<String, String>> names = new HashMap<>();

  public NcnnReplay(NcnnBench bench) {
    this.cal = new NcnnCalibrator(bench);
    for (NcnnBench.Row r : bench.rows()) {
      names.computeIfAbsent(r.setting(), s -> new HashMap<>()).putIfAbsent(r.graph(), r.model());
    }
  }

  /** Rows scored under {@code holdout}; {@code shots} are the models a held-out device keeps (DEVICE only). */
  public List<Row> run(Holdout holdout, List<String> shots) {
    List<Row> out = new ArrayList<>();
    // Scored: the settings that are measurements of these models on the whole table (NcnnBench#inverted); trained:
    // those of the fold's own training cells, so the held-out rows never decide which settings a fit sees.
    Set<Setting> invalid = cal.bench().inverted((s, g) -> true);
    switch (holdout) {
      case NONE -> out.addAll(fold((s, g) -> true, (s, g) -> !invalid.contains(s)));
      case MODEL -> {
        for (String g : cal.bench().graphNames()) {
          out.addAll(fold((s, m) -> !m.equals(g), (s, m) -> m.equals(g) && !invalid.contains(s)));
        }
      }
      case DEVICE -> {
        Set<String> keep = Set.copyOf(shots);
        for (String d : cal.bench().devices()) {
          out.addAll(fold((s, m) -> !s.device().equals(d) || keep.contains(m),
              (s, m) -> s.device().equals(d) && !keep.contains(m) && !invalid.contains(s)));
        }
      }
      default -> throw new IllegalStateException();
    }
    out.sort((a, b) -> {
      int c = a.device().compareTo(b.device());
      if (c != 0) {
        return c;
      }
      c = a.unit().compareTo(b.unit());
      if (c != 0) {
        return c;
      }
      c = Integer.compare(a.threads(), b.threads());
      return c != 0 ? c : a.model().compareTo(b.model());
    });
    return out;
  }

  /** {@link #predict} on the training cells of the settings that, on those cells alone, follow the work. */
  private List<Row> fold(BiPredicate<Setting, String> train, BiPredicate<Setting, String> score) {
    Set<Setting> skip = cal.bench().inverted(train);
    return predict((s, m) -> train.test(s, m) && !skip.contains(s), score);
  }

  /** Fits on the cells {@code train} admits and predicts the cells {@code score} admits. */
  private List<Row> predict(BiPredicate<Setting, String> train, BiPredicate<Setting, String> score) {
    NcnnCalibrator.Fit fit = cal.fit(train);
    List<Row> out = new ArrayList<>();
    for (Map.Entry<Setting, Map<String, Double>> e : cal.table().entrySet()) {
      Setting s = e.getKey();
      for (Map.Entry<String, Double> m : e.getValue().entrySet()) {
        if (!score.test(s, m.getKey())) {
          continue;
        }
        // An int8 graph on a GPU setting runs on the CPU setting the GPU rows ran with.
        Setting on = cal.pricedOn(s, m.getKey());
        double[] c = fit.coefficients(on);
        if (c == null) {
          continue;
        }
        // As a profile does: a model measured on similar devices is transferred from them; any other model is
        // priced by the per-layer coefficients.
        Double moved = train.test(s, m.getKey()) ? null : fit.transferred(on, m.getKey());
        double pred = moved != null ? moved : LayerBasis.dot(c, cal.features(m.getKey()));
        out.add(new Row(s.device(), names.get(s).get(m.getKey()), m.getKey(), s.unitId(), s.threads(), m.getValue(),
            pred, on.equals(s) ? null : on.unitId() + " " + on.threads() + "t"));
      }
    }
    return out;
  }
}
