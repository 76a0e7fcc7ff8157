package org.socsim.profile;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.BiPredicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.commons.math3.stat.regression.OLSMultipleLinearRegression;
import org.socsim.traces.ncnn.NcnnBench;
import org.socsim.traces.ncnn.NcnnBench.Setting;
import org.socsim.traces.ncnn.NcnnBench.UnitKind;

/**
 * Profiles from the published ncnn benchmark table. The cost model is {@link PooledFit}'s: a pooled shape of the
 * {@link LayerBasis} terms per unit kind, fitted across every device, and per-setting coefficients shrunk toward
 * it. Which cells a fit may see is a predicate, so the same code serves calibration and the leave-out checks.
 */
public final class NcnnCalibrator {
  /** Fewest rows a setting needs to get a unit in a bundled profile. */
  public static final int MIN_ROWS = 8;

  private final NcnnBench bench;
  private final Map<Setting, Map<String, Double>> table;
  private final Map<String, double[]> x = new HashMap<>();

  private final Map<String, String> signatures = new HashMap<>();

  public NcnnCalibrator(NcnnBench bench) {
    this.bench = bench;
    this.table = bench.table();
    for (String g : bench.graphNames()) {
      x.put(g, PooledFit.aggregate(bench.graph(g)));
      signatures.put(g, LayerBasis.signature(bench.graph(g)));
    }
  }

  public NcnnBench bench() {
    return bench;
  }

  public Map<Setting, Map<String, Double>> table() {
    return table;
  }

  /** Summed basis terms of a benchmark graph. */
  public double[] features(String graph) {
    return x.get(graph);
  }

  /** One fit: a {@link PooledFit.Fit} per unit kind and each setting's training data. */
  public final class Fit {
    final Map<UnitKind, PooledFit.Fit> kinds = new TreeMap<>();
    final Map<Setting, PooledFit.Data> data = new TreeMap<>();
    /** The training cells per setting (graph to ms): what the fit was allowed to see. */
    final Map<Setting, Map<String, Double>> trained = new TreeMap<>();
    final Map<UnitKind, double[]> zeroShot = new TreeMap<>();

    /** The pooled shape of a unit kind, or null when the fit saw no setting of that kind. */
    public double[] shape(UnitKind k) {
      PooledFit.Fit f = kinds.get(k);
      return f == null ? null : f.p();
    }

    /**
     * Coefficients (ms per term unit) of a setting: its own fit when it has at least {@link #FEW_SHOT} rows; with
     * fewer, its nearest settings' coefficients (see {@link #nearest}); with none, a CPU setting borrows from the same
     * device's measured CPU ({@link #sameDevice}), else from other devices with the same cores ({@link NcnnKin}),
     * else zero-shot from its heading.
     */
    public double[] coefficients(Setting s) {
      PooledFit.Fit f = kinds.get(s.kind());
      if (f == null) {
        return null;
      }
      double[] c = f.coef().get(key(s));
      if (c != null && rows(s) >= FEW_SHOT) {
        return c;
      }
      if (rows(s) > 0) {
        double[] near = nearest(s);
        if (near != null) {
          return near;
        }
      }
      Setting t = c == null ? sameDevice(s) : null;
      if (t != null) {
        // t has rows, so coefficients(t) is its own or its neighbours' fit, never this branch again. Per term, the
        // ratio of the two settings' zero-shot priors: within a kind, the ratio of their heading-regression scales
        // (the device's clock cancels); across kinds it also carries the kinds' different shapes.
        double[] ct = coefficients(t);
        double[] ps = f.prior(zeroShotScale(s));
        double[] pt = kinds.get(t.kind()).prior(zeroShotScale(t));
        double[] out = new double[ct.length];
        for (int k = 0; k < out.length; k++) {
          out[k] = pt[k] > 0 ? ct[k] * ps[k] / pt[k] : ps[k];
        }
        return out;
      }
      double[] kin = c == null ? NcnnKin.coefficients(s, fitted(), u -> kinds.get(u.kind()).coef().get(key(u))) : null;
      return c != null ? c : kin != null ? kin : f.prior(zeroShotScale(s));
    }

    /** Settings with their own per-term fit ({@link #FEW_SHOT} rows or more). */
    List<Setting> fitted() {
      return data.keySet().stream().filter(t -> rows(t) >= FEW_SHOT && kinds.get(t.kind()) != null).toList();
    }

    /**
     * The setting a CPU setting without rows of its own borrows from: the same device's measured CPU setting nearest
     * to it (same unit kind first, then the nearest thread count, then the most rows), its coefficients scaled per
     * term by the ratio of the two settings' zero-shot priors ({@link #coefficients}). Null for a GPU setting and
     * when the device measured no CPU setting.
     */
    Setting sameDevice(Setting s) {
      if (s.kind() == UnitKind.GPU) {
        return null;
      }
      return data.keySet().stream().filter(t -> t.device().equals(s.device()) && t.kind() != UnitKind.GPU
          && !t.equals(s) && rows(t) > 0 && kinds.get(t.kind()) != null)
          .min(java.util.Comparator.comparing((Setting t) -> t.kind() != s.kind())
              .thenComparingDouble(t -> Math.abs(Math.log((double) t.threads() / s.threads())))
              .thenComparingInt(t -> -rows(t)).thenComparing(t -> t)).orElse(null);
    }

    /** How a setting's coefficients were obtained (for profile notes). */
    public String method(Setting s) {
      if (kinds.get(s.kind()) == null) {
        return "none";
      }
      if (rows(s) >= FEW_SHOT) {
        return "own fit (" + rows(s) + " rows)";
      }
      if (rows(s) > 0 && nearest(s) != null) {
        return K_NEAREST + " nearest settings matched on its " + rows(s) + " rows";
      }
      Setting t = rows(s) == 0 ? sameDevice(s) : null;
      if (t != null) {
        return "the device's " + t.kind().label + " " + t.threads() + "-thread setting scaled by the ratio of their"
            + " zero-shot priors";
      }
      int kin = rows(s) == 0 ? NcnnKin.of(s, fitted()).size() : 0;
      return rows(s) > 0 ? "own fit (" + rows(s) + " rows)" : kin > 0 ? "the same-core settings of " + kin
          + " other device(s), clock-scaled" : "zero-shot from the heading";
    }

    /** Number of the setting's own rows the fit saw. */
    public int rows(Setting s) {
      PooledFit.Data d = data.get(s);
      return d == null ? 0 : d.size();
    }

    /**
     * Few-shot: other devices' settings of the same kind (any CPU kind for a CPU setting, see {@link #candidates})
     * that measured at least all but one of this setting's models are compared with it in log latency on those
     * models; each gets an offset (mean log ratio) and a distance (RMS of the log ratios around the offset). The
     * {@link #K_NEAREST} closest are averaged, coefficients scaled by exp(offset), weighted 1 / (distance + 0.02).
     * Null when no setting qualifies.
     */
    double[] nearest(Setting t) {
      List<Cand> cands = candidates(t, null);
      if (cands.isEmpty()) {
        return null;
      }
      double[] out = new double[LayerBasis.K];
      double wsum = 0;
      for (int i = 0; i < Math.min(K_NEAREST, cands.size()); i++) {
        Cand c = cands.get(i);
        double w = 1.0 / (c.dist() + 0.02);
        for (int k = 0; k < out.length; k++) {
          out[k] += w * Math.exp(c.offset()) * c.c()[k];
        }
        wsum += w;
      }
      for (int k = 0; k < out.length; k++) {
        out[k] /= wsum;
      }
      return out;
    }

    /**
     * The latency (ms) of {@code graph} on setting {@code t} transferred from the nearest settings that measured it
     * (their measured latency times exp(offset), log-averaged with weights 1 / (distance + 0.02)), or null when
     * the setting has no rows or no qualifying setting measured the graph.
     */
    public Double transferred(Setting t, String graph) {
      if (rows(t) == 0) {
        return null;
      }
      List<Cand> cands = candidates(t, graph);
      if (cands.isEmpty()) {
        return null;
      }
      double num = 0;
      double wsum = 0;
      for (int i = 0; i < Math.min(K_NEAREST, cands.size()); i++) {
        Cand c = cands.get(i);
        double w = 1.0 / (c.dist() + 0.02);
        num += w * (Math.log(c.y()) + c.offset());
        wsum += w;
      }
      return Math.exp(num / wsum);
    }

    record Cand(double dist, double offset, double[] c, double y, String key) {
    }

    /**
     * Other devices' settings of t's kind (any CPU kind for a CPU setting), nearest first; with {@code graph}, only
     * those that measured it.
     */
    private List<Cand> candidates(Setting t, String graph) {
      Map<String, Double> mine = trained.getOrDefault(t, Map.of());
      List<Cand> cands = new ArrayList<>();
      for (Map.Entry<Setting, PooledFit.Data> e : data.entrySet()) {
        Setting s = e.getKey();
        // Any CPU setting may be a CPU's neighbour: the kind says how the benchmark was invoked, not what the cores
        // are (a phone's LITTLE cluster is most like the 'any core' settings of Cortex-A53/A55-only boards), and the
        // coefficients are absolute (ms per term unit). GPUs match GPUs only.
        boolean cpus = s.kind() != UnitKind.GPU && t.kind() != UnitKind.GPU;
        if ((s.kind() != t.kind() && !cpus) || s.device().equals(t.device()) || e.getValue().size() < FEW_SHOT) {
          continue;
        }
        double[] c = kinds.get(s.kind()).coef().get(key(s));
        Map<String, Double> theirs = trained.get(s);
        Double yg = graph == null ? Double.valueOf(1.0) : theirs.get(graph);
        if (c == null || yg == null) {
          continue;
        }
        List<Double> d = new ArrayList<>();
        for (Map.Entry<String, Double> m : mine.entrySet()) {
          Double y = theirs.get(m.getKey());
          if (y != null) {
            d.add(Math.log(m.getValue()) - Math.log(y));
          }
        }
        // A distance needs at least two shared models (with one, every candidate is at distance 0), and with
        // three or fewer measured models every one of them must be shared.
        if (d.size() < 2 || d.size() < (mine.size() <= 3 ? mine.size() : mine.size() - 1)) {
          continue;
        }
        double off = d.stream().mapToDouble(Double::doubleValue).average().orElse(0);
        double ss = 0;
        for (double v : d) {
          ss += (v - off) * (v - off);
        }
        cands.add(new Cand(Math.sqrt(ss / d.size()), off, c, yg, key(s)));
      }
      cands.sort((a, b) -> a.dist() != b.dist() ? Double.compare(a.dist(), b.dist()) : a.key().compareTo(b.key()));
      return cands;
    }

    double zeroShotScale(Setting s) {
      double[] b = zeroShot.get(s.kind());
      double[] f = NcnnHeadings.specFeatures(s);
      double v = 0;
      for (int k = 0; k < f.length; k++) {
        v += b[k] * f[k];
      }
      return Math.exp(v);
    }
  }

  /**
   * Fewest own rows for a setting's own per-term fit; below it the nearest-settings rule is used. With 16 terms,
   * a handful of models cannot pin the deviations down: on ncnn-bench with 5 shot models per device the own fit
   * gives a 20% median error, the nearest settings 14% (docs/fidelity.md).
   */
  public static final int FEW_SHOT = 10;

  /**
   * Neighbours averaged by the few-shot rule (3, 5 and 10 gave 13.8, 13.9 and 14.2% in the exploration that chose
   * it, before the int8-on-GPU and cross-kind rules).
   */
  public static final int K_NEAREST = 5;

  static String key(Setting s) {
    return s.device() + "|" + s.unitId() + "|" + s.threads();
  }

  /** Fits on the cells {@code train} admits. */
  public Fit fit(BiPredicate<Setting, String> train) {
    Fit fit = new Fit();
    Map<UnitKind, Map<String, PooledFit.Data>> byKind = new TreeMap<>();
    Map<String, Setting> keys = new HashMap<>();
    // The cells a fit sees, by the setting that ran them: an int8 graph's GPU row is a measurement of its host CPU
    // setting (kept there unless that setting measured the graph itself; the median where several GPUs share it).
    Map<Setting, Map<String, List<Double>>> runs = new TreeMap<>();
    for (Map.Entry<Setting, Map<String, Double>> e : table.entrySet()) {
      Setting s = e.getKey();
      e.getValue().forEach((g, ms) -> see(runs, train, s, pricedOn(s, g), g, ms));
    }
    // GPU rows of int8 graphs run with another host thread count than their setting's (NcnnBench#host keeps one
    // per GPU setting in the table) still measure their own host CPU setting.
    for (NcnnBench.Row r : bench.rows()) {
      Setting s = r.setting();
      if (s.kind() == UnitKind.GPU && bench.int8(r.graph()) && !r.host().equals(pricedOn(s, r.graph()))) {
        see(runs, train, s, r.host(), r.graph(), r.avgMs());
      }
    }
    Map<Setting, Map<String, Double>> seen = new TreeMap<>();
    runs.forEach((s, m) -> m.forEach((g, v) -> seen.computeIfAbsent(s, k -> new TreeMap<>()).put(g,
        org.socsim.result.Stats.median(v))));
    seen.forEach((s, cells) -> {
      PooledFit.Data d = new PooledFit.Data();
      cells.forEach((g, ms) -> d.add(x.get(g), ms));
      fit.trained.put(s, cells);
      keys.put(key(s), s);
      byKind.computeIfAbsent(s.kind(), k -> new LinkedHashMap<>()).put(key(s), d);
      fit.data.put(s, d);
    });
    byKind.forEach((k, m) -> {
      PooledFit.Fit f = AveragedFit.of(m);
      if (m.values().stream().noneMatch(d -> d.x().stream().anyMatch(LayerBasis::hasInt8))) {
        // No int8 measurement of this kind (the GPUs: ncnn ran their int8 rows on the CPU): int8 layers are priced
        // as their fp32 counterparts rather than by terms the fit never saw.
        f = LayerBasis.int8AsFp32(f);
      }
      fit.kinds.put(k, f);
      // Zero-shot: the log of each setting's scale regressed on what its heading says (see specFeatures).
      List<double[]> xs = new ArrayList<>();
      List<Double> ys = new ArrayList<>();
      f.scale().forEach((key, sc) -> {
        if (m.get(key).size() >= 3 && sc > 0) {
          xs.add(NcnnHeadings.specFeatures(keys.get(key)));
          ys.add(Math.log(sc));
        }
      });
      fit.zeroShot.put(k, NcnnHeadings.regress(xs, ys));
    });
    return fit;
  }

  /** Adds the cell (s, g) to what a fit sees, as a run of {@code on}, when {@code train} admits it there. */
  private void see(Map<Setting, Map<String, List<Double>>> runs, BiPredicate<Setting, String> train, Setting s,
      Setting on, String g, double ms) {
    boolean own = on.equals(s) || !table.getOrDefault(on, Map.of()).containsKey(g);
    if (own && train.test(s, g) && train.test(on, g)) {
      runs.computeIfAbsent(on, k -> new TreeMap<>()).computeIfAbsent(g, k -> new ArrayList<>()).add(ms);
    }
  }

  /**
   * The setting whose coefficients price {@code graph} on {@code s}: {@code s} itself, except an int8 graph on a GPU
   * setting, which runs on the CPU (no int8 Vulkan kernels in the benchmarked ncnn) and is priced by the CPU setting
   * the GPU rows ran with ({@link NcnnBench#host}). Such cells are not GPU measurements and no GPU fit learns from
   * them; a fit adds them to that CPU setting's rows when it did not measure the graph itself.
   */
  public Setting pricedOn(Setting s, String graph) {
    if (s.kind() != UnitKind.GPU || !bench.int8(graph)) {
      return s;
    }
    return bench.host(s);
  }

  /** The one device whose heading contains {@code text}; several or none: an error listing candidates. */
  public String device(String text) {
    List<String> m = bench.devicesMatching(text);
    if (m.size() == 1) {
      return m.get(0);
    }
    if (m.isEmpty()) {
      throw new IllegalArgumentException("no ncnn-bench device heading contains '" + text + "'; headings: "
          + String.join(" | ", bench.devices()));
    }
    throw new IllegalArgumentException(m.size() + " ncnn-bench device headings contain '" + text
        + "'; be more specific: " + String.join(" | ", m));
  }

  /**
   * A profile of {@code heading}'s units. All other devices' rows shape the pooled fit; of this device only
   * {@code models}' rows are used when given (null: all of its rows). See {@link NcnnProfiles}.
   */
  public SocProfile profile(String heading, String name, List<String> models) {
    return new NcnnProfiles(this).profile(heading, name, models);
  }

  /** Profile names for every heading in file order, made unique with -2, -3 ... */
  public Map<String, String> slugs() {
    return new NcnnProfiles(this).slugs();
  }

  /** The graph signature the per-model factors of a profile are keyed by. */
  String signature(String graph) {
    return signatures.get(graph);
  }

  /** A profile name for a heading: {@code ncnn-} and its first words, lower case. */
  public static String slug(String heading) {
    return NcnnHeadings.slug(heading);
  }

  /** Copy cost where nothing was measured: see {@link NcnnProfiles#DEFAULT_LINK_FIXED_US}. */
  public static final double DEFAULT_LINK_FIXED_US = NcnnProfiles.DEFAULT_LINK_FIXED_US;
  public static final double DEFAULT_LINK_US_PER_BYTE = NcnnProfiles.DEFAULT_LINK_US_PER_BYTE;
}
