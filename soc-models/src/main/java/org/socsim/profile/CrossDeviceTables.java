package org.socsim.profile;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;
import org.socsim.result.Stats;

/**
 * Predicts the per-op latency table of a model on a device that is held out from it (leave-one-model-out across
 * devices): low-rank completion of the device x op matrix, one unit column at a time.
 *
 * <p>For each unit column (cpu-big and cpu-little at 1/2/4 threads, gpu) and each donor device Q that measured the
 * model, a target-over-donor speed ratio is learned on the ops of the <em>other</em> models both devices measured
 * (same runtime as the held-out model where they share one, else any): per op category recognised from the op name
 * ({@link Category}; a category needs {@value #MIN_CATEGORY_OPS} shared ops, else the column's pooled ratio), the
 * ratio of summed latencies over the shared ops (time-weighted, so the ops that dominate end-to-end latency decide).
 * Op o on the target is predicted as Q's latency of o times that ratio; donors are combined by a geometric mean
 * weighted by 1 / variance of the log ratio across the shared models (floor {@link #MIN_VAR}; {@link #ONE_MODEL_VAR}
 * when a single model is shared, raised to the median spread of the donors sharing several models with the target on
 * that column; a thread column that is a copy of another is not used). A CPU column of t threads is also predicted
 * from the same cluster's fewer-thread columns times the target's own speed-up learned on its other models, combined
 * with the donors' estimate by inverse variance. A little-cluster column no donor measured is predicted from the donors' big
 * cluster at the same thread count (the ratio then also carries the little/big speed difference of the target).
 * GPU support is the donors' majority vote; dispatch gaps and copy costs are the medians over the target's other
 * models. Nothing of the held-out model on the target device is read: its table there is dropped first.
 */
public final class CrossDeviceTables {
  /** Unit columns predicted: cpu clusters at 1/2/4 threads (table index), the GPU. */
  static final List<String> UNITS = List.of("cpu-big", "cpu-little", "gpu");

  /** Op categories recognised from the last path component of an op name. */
  public enum Category { CONV, DEPTHWISE, POOL, CONCAT, ELTWISE, OTHER }

  /** Smallest number of shared ops of a category for it to get its own ratio (else the column's pooled ratio). */
  public static final int MIN_CATEGORY_OPS = 20;
  /**
   * Floor of the variance of a learned log ratio (0.05^2: about 5 % spread), and the variance assumed when the ratio
   * rests on a single shared model (0.15^2: the spread seen between models on the HOPE phones).
   */
  public static final double MIN_VAR = 0.05 * 0.05;
  public static final double ONE_MODEL_VAR = 0.15 * 0.15;

  private CrossDeviceTables() {
  }

  /**
   * A predicted table, or why none could be made.
   *
   * @param table  the predicted table (ops, GPU support from donors; dispatch and copies from the target's other
   *               models), empty when the model cannot be predicted for the device
   * @param reason why not, when empty
   * @param notes  what was used: donors and their ratios per column
   */
  public record Prediction(Optional<SocProfile.ModelTable> table, String reason, List<String> notes) {
    static Prediction none(String why) {
      return new Prediction(Optional.empty(), why, List.of());
    }
  }

  /** A learned ratio of the target over one donor for one column. */
  record Ratio(double logAll, Map<Category, Double> logByCategory, double variance, int models, int ops) {
    double log(Category c) {
      return logByCategory.getOrDefault(c, logAll);
    }
  }

  public static Category category(String op) {
    String last = op.substring(op.lastIndexOf('/') + 1).toLowerCase(Locale.ROOT);
    if (last.contains("depthwise")) {
      return Category.DEPTHWISE;
    }
    if (last.contains("conv") || last.equals("matmul") || last.contains("fullyconnected")) {
      return Category.CONV;
    }
    if (last.contains("pool")) {
      return Category.POOL;
    }
    if (last.contains("concat")) {
      return Category.CONCAT;
    }
    if (last.startsWith("add") || last.startsWith("relu") || last.startsWith("mul") || last.contains("batchnorm")
        || last.startsWith("sub")) {
      return Category.ELTWISE;
    }
    return Category.OTHER;
  }

  /**
   * Predicts {@code model}'s table on {@code target} from the donors' tables.
   *
   * @param target the target device's profile; its own table of {@code model}, if any, is ignored
   * @param donors other devices' profiles (the target's name, if present, is ignored)
   */
  public static Prediction predict(SocProfile target, String model, Map<String, SocProfile> donors) {
    Map<String, SocProfile.ModelTable> mine = new TreeMap<>(target.models());
    mine.remove(model);
    Map<String, SocProfile> qs = new TreeMap<>();
    donors.forEach((d, p) -> {
      if (!d.equals(target.name()) && p != null && p.models().containsKey(model)) {
        qs.put(d, p);
      }
    });
    if (qs.isEmpty()) {
      return Prediction.none("no other phone measured " + model + " per op: cannot predict it for " + target.name()
          + " without its own data");
    }
    String runtime = qs.values().iterator().next().models().get(model).runtime();
    List<String> notes = new ArrayList<>();
    // union of the donors' ops in donor order
    Map<String, Map<String, Double[]>> out = new LinkedHashMap<>();
    for (SocProfile q : qs.values()) {
      for (String op : q.models().get(model).ops().keySet()) {
        out.putIfAbsent(op, new LinkedHashMap<>());
      }
    }
    int columns = 0;
    // stage 1, per column: op -> {weighted sum of log predictions, sum of weights (1 / variance), 1 if all-zero}
    Map<String, Map<String, double[]>> stage1 = new LinkedHashMap<>();
    for (String unit : UNITS) {
      int width = unit.equals("gpu") ? 1 : 3;
      for (int k = 0; k < width; k++) {
        Map<String, Ratio> ratios = new TreeMap<>();
        // the donors' same column; for the little cluster, when no donor measured it, their big cluster's
        String donorUnit = unit;
        for (String du : unit.equals("cpu-little") ? List.of("cpu-little", "cpu-big") : List.of(unit)) {
          for (Map.Entry<String, SocProfile> q : qs.entrySet()) {
            if (TableColumns.hasColumn(q.getValue().models().get(model), du, k)) {
              ratio(mine, q.getValue().models(), model, runtime, unit, k, du, k).ifPresent(x -> ratios.put(q.getKey(), x));
            }
          }
          if (!ratios.isEmpty()) {
            donorUnit = du;
            break;
          }
        }
        if (ratios.isEmpty()) {
          continue;
        }
        // a donor sharing a single model with the target has no spread of its own: it gets the median spread that
        // the donors sharing several models show on this target column (at least ONE_MODEL_VAR)
        List<Double> spread = new ArrayList<>();
        ratios.values().forEach(r -> {
          if (r.models() >= 2) {
            spread.add(r.variance());
          }
        });
        if (!spread.isEmpty()) {
          double v1 = Math.max(ONE_MODEL_VAR, Stats.median(spread));
          ratios.replaceAll((d, r) -> r.models() >= 2 ? r
              : new Ratio(r.logAll(), r.logByCategory(), v1, r.models(), r.ops()));
        }
        columns++;
        final String dUnit = donorUnit;
        StringBuilder sb = new StringBuilder(unit + "[" + k + "]" + (dUnit.equals(unit) ? "" : " from " + dUnit) + ":");
        ratios.forEach((d, r) -> sb.append(String.format(Locale.ROOT, " %s x%.3f (sd %.3f, %d models, %d ops)", d,
            Math.exp(r.logAll()), Math.sqrt(r.variance()), r.models(), r.ops())));
        notes.add(sb.toString());
        Map<String, double[]> col = new LinkedHashMap<>();
        stage1.put(unit + "|" + k, col);
        for (String op : out.keySet()) {
          double sw = 0;
          double slog = 0;
          Category c = category(op);
          boolean zero = false;
          for (Map.Entry<String, Ratio> r : ratios.entrySet()) {
            double v = TableColumns.cell(qs.get(r.getKey()).models().get(model), op, dUnit, k);
            if (v > 0) {
              double w = 1.0 / r.getValue().variance();
              sw += w;
              slog += w * (Math.log(v) + r.getValue().log(c));
            } else if (v == 0) {
              zero = true;
            }
          }
          if (sw > 0 || zero) {
            col.put(op, new double[] {slog, sw, sw > 0 ? 0 : 1});
          }
        }
      }
    }
    // stage 2: a CPU column of t threads is also predicted from each fewer-thread column of the same cluster (stage
    // 1, or already combined for 2 -> 4) times the target's own speed-up between the two columns, learned on its other models (same ratio code,
    // target against itself); every estimate is weighted by 1 / its variance (stage-1 variance of the source column
    // plus the spread of the speed-up across the target's models). Only upwards (1 -> 2, 4; 2 -> 4): how far a
    // model scales with threads is a property of the phone (cores, governor: mi9 runs 4 threads no faster than 2
    // on all 11 of its models), while deriving 1 thread from 2 or 4 would import their threading artefacts. Chosen
    // on structure, not tuned: the reverse direction was tried and lost on the leave-one-model-out replay.
    for (String unit : UNITS) {
      if (unit.equals("gpu")) {
        continue;
      }
      for (int k = 0; k < 3; k++) {
        Map<String, double[]> col = stage1.get(unit + "|" + k);
        if (col == null) {
          continue;
        }
        Map<String, double[]> fin = new LinkedHashMap<>();
        for (Map.Entry<String, double[]> e : col.entrySet()) {
          fin.put(e.getKey(), e.getValue().clone());
        }
        for (int j = 0; j < k; j++) {
          Map<String, double[]> src = stage1.get(unit + "|" + j);
          if (src == null) {
            continue;
          }
          Optional<Ratio> self = ratio(mine, mine, model, runtime, unit, k, unit, j);
          if (self.isEmpty()) {
            continue;
          }
          Ratio r = self.get();
          notes.add(String.format(Locale.ROOT, "%s[%d] from own [%d] x%.3f (sd %.3f, %d models)", unit, k, j,
              Math.exp(r.logAll()), Math.sqrt(r.variance()), r.models()));
          for (Map.Entry<String, double[]> e : fin.entrySet()) {
            double[] s1 = src.get(e.getKey());
            double[] f = e.getValue();
            if (s1 == null || s1[1] <= 0 || f[1] <= 0) {
              continue;
            }
            double w = 1.0 / (1.0 / s1[1] + r.variance());
            f[0] += w * (s1[0] / s1[1] + r.log(category(e.getKey())));
            f[1] += w;
          }
        }
        stage1.put(unit + "|" + k, fin);
      }
    }
    for (Map.Entry<String, Map<String, double[]>> c : stage1.entrySet()) {
      String unit = c.getKey().substring(0, c.getKey().indexOf('|'));
      int k = Integer.parseInt(c.getKey().substring(c.getKey().indexOf('|') + 1));
      int width = unit.equals("gpu") ? 1 : 3;
      c.getValue().forEach((op, v) ->
          // a geometric mean over the estimates; 0 when every donor logged the op at 0 us
          out.get(op).computeIfAbsent(unit, u -> TableColumns.nans(width))[k] = v[1] > 0 ? TableColumns.round(Math.exp(v[0] / v[1])) : 0.0);
    }
    if (columns == 0) {
      return Prediction.none("no donor of " + model + " (" + String.join(", ", qs.keySet()) + ") shares a measured"
          + " model and unit column with " + target.name() + ": no cross-device ratio can be learned");
    }
    Map<String, Map<String, List<Double>>> ops = new LinkedHashMap<>();
    for (Map.Entry<String, Map<String, Double[]>> e : out.entrySet()) {
      Map<String, List<Double>> byUnit = new LinkedHashMap<>();
      for (String unit : UNITS) {
        Double[] v = e.getValue().get(unit);
        if (v != null && Arrays.stream(v).noneMatch(x -> x.isNaN())) {
          byUnit.put(unit, List.of(v));
        }
      }
      if (!byUnit.isEmpty()) {
        ops.put(e.getKey(), byUnit);
      }
    }
    // GPU support: ops that a majority of the donors with GPU data ran on the CPU
    Map<String, Integer> votes = new TreeMap<>();
    int gpuDonors = 0;
    for (SocProfile q : qs.values()) {
      SocProfile.ModelTable t = q.models().get(model);
      if (t.ops().values().stream().anyMatch(m -> m.containsKey("gpu"))) {
        gpuDonors++;
        t.gpuUnsupported().forEach(o -> votes.merge(o, 1, Integer::sum));
      }
    }
    final int gd = gpuDonors;
    List<String> unsupported = votes.entrySet().stream().filter(v -> 2 * v.getValue() >= gd && ops.containsKey(v.getKey()))
        .map(Map.Entry::getKey).toList();
    // run-level parameters from the target's other models only; a model whose copy table is identical to the
    // held-out model's is a copy of the same measurement (acl-* folders copy the MNN data-trans files, FORMAT.md),
    // so it is left out of the copy costs
    Map<String, Double> dispatch = TableColumns.medianPerKey(mine.values().stream().map(SocProfile.ModelTable::dispatchUs).toList());
    SocProfile.ModelTable own = target.models().get(model);
    Map<String, Double> ownCopy = own == null || own.copyUs() == null ? Map.of() : own.copyUs();
    Map<String, Double> copy = TableColumns.medianPerKey(mine.values().stream().map(SocProfile.ModelTable::copyUs)
        .filter(c -> ownCopy.isEmpty() || c == null || !c.equals(ownCopy)).toList());
    List<Double> tb = new ArrayList<>();
    qs.values().forEach(q -> {
      Double b = q.models().get(model).tensorBytes();
      if (b != null) {
        tb.add(b);
      }
    });
    SocProfile.ModelTable table = new SocProfile.ModelTable(runtime, ops, unsupported, dispatch, copy, null,
        tb.isEmpty() ? null : Stats.median(tb));
    notes.add(0, model + " on " + target.name() + ": predicted from " + String.join(", ", qs.keySet())
        + " (" + columns + " columns, " + ops.size() + " ops)");
    return new Prediction(Optional.of(table), "", notes);
  }

  /**
   * The target-over-donor ratio for one column, learned on the models both measured other than {@code model}:
   * same-runtime models when they share any, else all shared models.
   */
  static Optional<Ratio> ratio(Map<String, SocProfile.ModelTable> target, Map<String, SocProfile.ModelTable> donor,
      String model, String runtime, String unit, int k, String donorUnit, int dk) {
    List<String> shared = new ArrayList<>();
    for (String m : target.keySet()) {
      if (!m.equals(model) && donor.containsKey(m) && TableColumns.hasColumn(target.get(m), unit, k)
          && TableColumns.hasColumn(donor.get(m), donorUnit, dk)
          && !TableColumns.copiedColumn(target.get(m), unit, k) && !TableColumns.copiedColumn(donor.get(m), donorUnit, dk)) {
        shared.add(m);
      }
    }
    List<String> same = shared.stream().filter(m -> runtime == null || runtime.equals(target.get(m).runtime())).toList();
    List<String> use = same.isEmpty() ? shared : same;
    if (use.isEmpty()) {
      return Optional.empty();
    }
    List<double[]> all = new ArrayList<>(); // {log(a / b), sqrt(a b)} of an op: target a, donor b
    Map<Category, List<double[]>> byCat = new TreeMap<>();
    List<Double> perModel = new ArrayList<>();
    for (String m : use) {
      SocProfile.ModelTable tp = target.get(m);
      SocProfile.ModelTable tq = donor.get(m);
      TreeSet<String> skip = new TreeSet<>();
      if (unit.equals("gpu")) {
        skip.addAll(tp.gpuUnsupported());
        skip.addAll(tq.gpuUnsupported());
      }
      List<double[]> mine = new ArrayList<>();
      for (String op : tp.ops().keySet()) {
        if (skip.contains(op)) {
          continue;
        }
        double a = TableColumns.cell(tp, op, unit, k);
        double b = TableColumns.cell(tq, op, donorUnit, dk);
        if (a > 0 && b > 0) {
          double[] s = {Math.log(a / b), Math.sqrt(a * b)};
          mine.add(s);
          all.add(s);
          byCat.computeIfAbsent(category(op), c -> new ArrayList<>()).add(s);
        }
      }
      if (!mine.isEmpty()) {
        perModel.add(TableColumns.sumRatio(mine));
      }
    }
    if (all.isEmpty()) {
      return Optional.empty();
    }
    double logAll = TableColumns.sumRatio(all);
    Map<Category, Double> cats = new TreeMap<>();
    byCat.forEach((c, s) -> {
      if (s.size() >= MIN_CATEGORY_OPS) {
        cats.put(c, TableColumns.sumRatio(s));
      }
    });
    double var;
    if (perModel.size() >= 2) {
      double mean = perModel.stream().mapToDouble(Double::doubleValue).average().orElse(0);
      var = perModel.stream().mapToDouble(x -> (x - mean) * (x - mean)).sum() / (perModel.size() - 1);
      var = Math.max(MIN_VAR, var);
    } else {
      var = ONE_MODEL_VAR;
    }
    return Optional.of(new Ratio(logAll, cats, var, perModel.size(), all.size()));
  }

}
