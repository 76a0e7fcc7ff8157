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
     * fewer, its nearest settings' coefficients (see {@link #nearest}); with none, zero-shot from its heading.
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
      return c != null ? c : f.prior(zeroShotScale(s));
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
      return rows(s) > 0 ? "own fit (" + rows(s) + " rows)" : "zero-shot from the heading";
    }

    /** Number of the setting's own rows the fit saw. */
    public int rows(Setting s) {
      PooledFit.Data d = data.get(s);
      return d == null ? 0 : d.size();
    }

    /**
     * Few-shot: other devices' settings of the same kind that measured at least all but one of this setting's
     * models are compared with it in log latency on those models; each gets an offset (mean log ratio) and a
     * distance (RMS of the log ratios around the offset). The {@link #K_NEAREST} closest are averaged,
     * coefficients scaled by exp(offset), weighted 1 / (distance + 0.02). Null when no setting qualifies.
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

    /** Other devices' settings of t's kind, nearest first; with {@code graph}, only those that measured it. */
    private List<Cand> candidates(Setting t, String graph) {
      PooledFit.Fit f = kinds.get(t.kind());
      Map<String, Double> mine = trained.getOrDefault(t, Map.of());
      List<Cand> cands = new ArrayList<>();
      for (Map.Entry<Setting, PooledFit.Data> e : data.entrySet()) {
        Setting s = e.getKey();
        if (s.kind() != t.kind() || s.device().equals(t.device()) || e.getValue().size() < FEW_SHOT) {
          continue;
        }
        double[] c = f.coef().get(key(s));
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
      double[] f = specFeatures(s);
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

  /** Neighbours averaged by the few-shot rule (3, 5 and 10 give 13.8, 13.9 and 14.2% in the exploration). */
  public static final int K_NEAREST = 5;

  static String key(Setting s) {
    return s.device() + "|" + s.unitId() + "|" + s.threads();
  }

  /** Fits on the cells {@code train} admits. */
  public Fit fit(BiPredicate<Setting, String> train) {
    Fit fit = new Fit();
    Map<UnitKind, Map<String, PooledFit.Data>> byKind = new TreeMap<>();
    Map<String, Setting> keys = new HashMap<>();
    for (Map.Entry<Setting, Map<String, Double>> e : table.entrySet()) {
      Setting s = e.getKey();
      PooledFit.Data d = new PooledFit.Data();
      Map<String, Double> cells = new TreeMap<>();
      e.getValue().forEach((g, ms) -> {
        if (train.test(s, g)) {
          d.add(x.get(g), ms);
          cells.put(g, ms);
        }
      });
      if (d.size() > 0) {
        fit.trained.put(s, cells);
        keys.put(key(s), s);
        byKind.computeIfAbsent(s.kind(), k -> new LinkedHashMap<>()).put(key(s), d);
        fit.data.put(s, d);
      }
    }
    byKind.forEach((k, m) -> {
      PooledFit.Fit f = PooledFit.fit(m);
      fit.kinds.put(k, f);
      // Zero-shot: the log of each setting's scale regressed on what its heading says (see specFeatures).
      List<double[]> xs = new ArrayList<>();
      List<Double> ys = new ArrayList<>();
      f.scale().forEach((key, sc) -> {
        if (m.get(key).size() >= 3 && sc > 0) {
          xs.add(specFeatures(keys.get(key)));
          ys.add(Math.log(sc));
        }
      });
      fit.zeroShot.put(k, regress(xs, ys));
    });
    return fit;
  }

  private static final Pattern GHZ = Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*[Gg][Hh][Zz]");
  private static final Pattern MHZ = Pattern.compile("(\\d+)\\s*MHz");
  private static final Pattern SMALL_CORE = Pattern.compile(
      "A5[35]\\b|A7\\b|A5\\b|A9\\b|A17\\b|C906|U74|Cortex-A5[35]|Cortex-A7\\b|Cortex-A9\\b|Cortex-A17|LA264|GS264|"
          + "Xburst|MSA|Yonah|Celeron M|X60|RV64");

  /**
   * What a heading says that speed depends on: 1, log of the highest clock in the heading (GHz; 1.5 when none is
   * written), log of the thread count, and whether the cores are in-order or small cores (A5/A7/A53/A55 class).
   * These are the zero-shot regressors; every other difference between devices is left to the measured rows.
   */
  static double[] specFeatures(Setting s) {
    String h = s.device();
    double ghz = 0;
    Matcher m = GHZ.matcher(h);
    while (m.find()) {
      ghz = Math.max(ghz, Double.parseDouble(m.group(1)));
    }
    Matcher mm = MHZ.matcher(h);
    while (mm.find()) {
      ghz = Math.max(ghz, Double.parseDouble(mm.group(1)) / 1000.0);
    }
    if (ghz <= 0 || ghz > 6) {
      ghz = 1.5;
    }
    boolean small = s.kind() == UnitKind.LITTLE || (SMALL_CORE.matcher(h).find() && !h.contains("A7" + "6")
        && !h.contains("A78") && !h.contains("A72") && !h.contains("A73"));
    return new double[] {1, Math.log(ghz), Math.log(Math.max(1, s.threads())), small ? 1 : 0};
  }

  private static double[] regress(List<double[]> xs, List<Double> ys) {
    int k = 4;
    if (xs.size() < 2 * k) {
      double mean = ys.stream().mapToDouble(Double::doubleValue).average().orElse(0);
      return new double[] {mean, 0, 0, 0};
    }
    // Columns that never vary (e.g. one thread count on GPUs) are dropped from the regression.
    boolean[] use = new boolean[k];
    use[0] = true;
    for (int j = 1; j < k; j++) {
      double first = xs.get(0)[j];
      for (double[] r : xs) {
        if (r[j] != first) {
          use[j] = true;
        }
      }
    }
    List<Integer> cols = new ArrayList<>();
    for (int j = 1; j < k; j++) {
      if (use[j]) {
        cols.add(j);
      }
    }
    double[][] a = new double[xs.size()][cols.size()];
    double[] y = new double[xs.size()];
    for (int i = 0; i < xs.size(); i++) {
      for (int c = 0; c < cols.size(); c++) {
        a[i][c] = xs.get(i)[cols.get(c)];
      }
      y[i] = ys.get(i);
    }
    double[] out = new double[k];
    try {
      OLSMultipleLinearRegression r = new OLSMultipleLinearRegression();
      r.newSampleData(y, a);
      double[] b = r.estimateRegressionParameters();
      out[0] = b[0];
      for (int c = 0; c < cols.size(); c++) {
        out[cols.get(c)] = b[c + 1];
      }
    } catch (RuntimeException e) {
      out[0] = java.util.Arrays.stream(y).average().orElse(0);
    }
    return out;
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
   * {@code models}' rows are used when given (null: all of its rows).
   */
  public SocProfile profile(String heading, String name, List<String> models) {
    if (models != null) {
      for (String m : models) {
        if (!bench.graphNames().contains(m)) {
          throw new IllegalArgumentException("--models: unknown model '" + m + "'; ncnn-bench has "
              + bench.graphNames());
        }
      }
    }
    java.util.Set<String> keep = models == null ? null : java.util.Set.copyOf(models);
    Fit fit = fit((s, g) -> !s.device().equals(heading) || keep == null || keep.contains(g));
    Map<String, List<Setting>> byUnit = new TreeMap<>();
    for (Setting s : table.keySet()) {
      if (s.device().equals(heading)) {
        byUnit.computeIfAbsent(s.unitId(), u -> new ArrayList<>()).add(s);
      }
    }
    List<SocProfile.UnitSpec> units = new ArrayList<>();
    Map<String, SocProfile.UnitCostSpec> costs = new LinkedHashMap<>();
    List<String> notes = new ArrayList<>();
    List<String> order = new ArrayList<>(byUnit.keySet());
    order.sort((a, b) -> Integer.compare(rank(a), rank(b)));
    for (String u : order) {
      List<Setting> ss = byUnit.get(u);
      ss.sort((a, b) -> Integer.compare(a.threads(), b.threads()));
      Map<String, List<Double>> coef = new LinkedHashMap<>();
      Map<String, Map<String, Double>> factors = new TreeMap<>();
      List<Integer> threads = new ArrayList<>();
      int rows = 0;
      int measured = 0;
      int moved = 0;
      for (Setting s : ss) {
        double[] c = fit.coefficients(s);
        if (c == null) {
          throw new IllegalArgumentException("device '" + heading + "', unit " + u + ": no device of its kind ("
              + s.kind().label + ") has rows the fit may use, so nothing can price it");
        }
        // Whole-model totals where the table knows them: the device's own measurement, else the latency transferred
        // from the nearest devices that measured the model; the layers keep the coefficients' proportions.
        for (String g : bench.graphNames()) {
          Double own = fit.trained.getOrDefault(s, Map.of()).get(g);
          Double total = own != null ? own : fit.transferred(s, g);
          double pred = LayerBasis.dot(c, x.get(g));
          if (total != null && pred > 0) {
            factors.computeIfAbsent(signatures.get(g), k -> new TreeMap<>()).put(Integer.toString(s.threads()),
                round(total / pred));
            if (own != null) {
              measured++;
            } else {
              moved++;
            }
          }
        }
        List<Double> cl = new ArrayList<>();
        for (double v : c) {
          // Fitted in ms (the table's unit); profiles hold microseconds.
          cl.add(round(v * 1000.0));
        }
        coef.put(Integer.toString(s.threads()), cl);
        threads.add(s.threads());
        rows += fit.rows(s);
      }
      UnitKind kind = ss.get(0).kind();
      int cores = kind == UnitKind.GPU ? 1 : threads.get(threads.size() - 1);
      units.add(new SocProfile.UnitSpec(u, kind == UnitKind.GPU ? "GPU" : "CPU", cores, 1, 0.0, threads));
      String source = ss.stream().map(s -> s.threads() + "t: " + fit.method(s)).toList() + "; model totals: "
          + measured + " measured, " + moved + " transferred from the nearest devices";
      costs.put(u, new SocProfile.UnitCostSpec(Map.of(), 0.0, new SocProfile.LayerCostSpec(LayerBasis.NAME,
          LayerBasis.TERMS, coef, source, factors)));
      notes.add(u + ": " + kind.label + " setting(s) at threads " + threads + "; " + source);
    }
    if (units.isEmpty()) {
      throw new IllegalArgumentException("device '" + heading + "' has no rows with a known graph");
    }
    notes.add("per-layer overheads are in the basis term 'layer' (unit dispatchUs is 0)");
    notes.add("no copy measurements in ncnn-bench: CPU<->GPU links priced by the mobile default "
        + DEFAULT_LINK_FIXED_US + " us + " + DEFAULT_LINK_US_PER_BYTE + " us/B (assumed; see docs/fidelity.md)");
    Map<String, SocProfile.LinkSpec> links = new LinkedHashMap<>();
    if (units.stream().anyMatch(s -> s.kind().equals("GPU")) && units.stream().anyMatch(s -> s.kind().equals("CPU"))) {
      links.put("cpu->gpu", new SocProfile.LinkSpec("cpu", "gpu", DEFAULT_LINK_FIXED_US, DEFAULT_LINK_US_PER_BYTE,
          DEFAULT_LINK_FIXED_US, 0, 0));
      links.put("gpu->cpu", new SocProfile.LinkSpec("gpu", "cpu", DEFAULT_LINK_FIXED_US, DEFAULT_LINK_US_PER_BYTE,
          DEFAULT_LINK_FIXED_US, 0, 0));
    }
    return new SocProfile(SocProfile.SCHEMA, name, heading, List.of("ncnn-bench/results.csv",
        "ncnn-bench/models/*.param"), units, links, Map.of(), costs, new SocProfile.PlatformSpec(null,
        "ncnn-bench has no memory figures"), notes);
  }

  /**
   * Copy cost between CPU and a mobile GPU where nothing was measured: 100 us fixed (an OpenCL/Vulkan map and
   * queue synchronisation, the order of HOPE's measured phone copies of small tensors) + 1 ns per byte (about
   * 1 GB/s effective with layout conversion, also HOPE's order for large tensors). Named, not fitted.
   */
  public static final double DEFAULT_LINK_FIXED_US = 100.0;
  public static final double DEFAULT_LINK_US_PER_BYTE = 1e-3;

  private static int rank(String unit) {
    return switch (unit) {
      case "cpu-big" -> 0;
      case "cpu-little" -> 1;
      case "cpu" -> 2;
      default -> 3;
    };
  }

  private static double round(double v) {
    return Double.parseDouble(String.format(Locale.ROOT, "%.6g", v));
  }

  /** A profile name for a heading: {@code ncnn-} and its first words, lower case. */
  public static String slug(String heading) {
    String s = heading.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9.]+", "-").replaceAll("^-+|-+$", "");
    String[] w = s.split("-");
    StringBuilder b = new StringBuilder("ncnn");
    for (String p : w) {
      if (b.length() + p.length() + 1 > 40) {
        break;
      }
      if (!p.isEmpty()) {
        b.append('-').append(p);
      }
    }
    return b.toString().replaceAll("\\.+$", "");
  }

  /** Slugs for every heading in file order, made unique with -2, -3 ... */
  public Map<String, String> slugs() {
    Map<String, String> out = new LinkedHashMap<>();
    java.util.Set<String> used = new java.util.HashSet<>();
    for (String d : bench.devices()) {
      String base = slug(d);
      String s = base;
      for (int k = 2; !used.add(s); k++) {
        s = base + "-" + k;
      }
      out.put(d, s);
    }
    return out;
  }
}
