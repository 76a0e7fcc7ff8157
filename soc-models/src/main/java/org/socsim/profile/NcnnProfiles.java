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
 * Writes ncnn-bench device profiles from {@link NcnnCalibrator} fits: units per setting, per-layer coefficients per
 * thread count, per-model factors (measured or transferred totals), the assumed copy link, and profile names.
 */
final class NcnnProfiles {
  private final NcnnCalibrator cal;

  NcnnProfiles(NcnnCalibrator cal) {
    this.cal = cal;
  }

  /**
   * A profile of {@code heading}'s units. All other devices' rows shape the pooled fit; of this device only
   * {@code models}' rows are used when given (null: all of its rows).
   */
  public SocProfile profile(String heading, String name, List<String> models) {
    if (models != null) {
      for (String m : models) {
        if (!cal.bench().graphNames().contains(m)) {
          throw new IllegalArgumentException("--models: unknown model '" + m + "'; ncnn-bench has "
              + cal.bench().graphNames());
        }
      }
    }
    java.util.Set<String> keep = models == null ? null : java.util.Set.copyOf(models);
    NcnnCalibrator.Fit fit = cal.fit((s, g) -> !s.device().equals(heading) || keep == null || keep.contains(g));
    Map<String, List<Setting>> byUnit = new TreeMap<>();
    // The device's settings, and the CPU settings its GPU settings ran their CPU work on: an int8 network runs there
    // (NcnnCalibrator#pricedOn), measured or not.
    java.util.Set<Setting> settings = new java.util.TreeSet<>(cal.table().keySet());
    settings.addAll(fit.trained.keySet());
    for (Setting s : cal.table().keySet()) {
      if (s.kind() == UnitKind.GPU) {
        settings.add(cal.bench().host(s));
      }
    }
    for (Setting s : settings) {
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
        for (String g : cal.bench().graphNames()) {
          if (!cal.pricedOn(s, g).equals(s)) {
            continue;
          }
          Double own = fit.trained.getOrDefault(s, Map.of()).get(g);
          Double total = own != null ? own : fit.transferred(s, g);
          double pred = LayerBasis.dot(c, cal.features(g));
          if (total != null && pred > 0) {
            factors.computeIfAbsent(cal.signature(g), k -> new TreeMap<>()).put(Integer.toString(s.threads()),
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
      // The benchmarked ncnn releases have no int8 Vulkan kernels: a network with int8 layers runs on the CPU as a
      // whole (NcnnBench#host).
      List<String> unsupported = kind == UnitKind.GPU ? LayerBasis.INT8_TERMS : null;
      costs.put(u, new SocProfile.UnitCostSpec(Map.of(), 0.0, new SocProfile.LayerCostSpec(LayerBasis.NAME,
          LayerBasis.TERMS, coef, source, factors, unsupported)));
      boolean viaGpu = ss.stream().allMatch(x -> !cal.table().containsKey(x));
      notes.add(u + ": " + kind.label + " setting(s) at threads " + threads + "; " + source
          + (viaGpu ? "; the CPU setting of the device's GPU runs (ncnn runs int8 networks there; its rows, if any,"
          + " are those GPU runs of int8 graphs)" : "")
          + (unsupported == null ? "" : "; a network with int8 layers runs on a CPU instead (no int8 Vulkan kernels"
          + " in the benchmarked ncnn; its GPU rows equal the CPU's at the same threads)"));
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
    return PlatformAssumptions.complete(new SocProfile(SocProfile.SCHEMA, name, heading,
        List.of("ncnn-bench/results.csv", "ncnn-bench/models/*.param"), units, links, Map.of(), costs,
        new SocProfile.PlatformSpec(null, "ncnn-bench has no memory figures"), notes), PlatformAssumptions.CALIBRATED);
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


  /** Slugs for every heading in file order, made unique with -2, -3 ... */
  public Map<String, String> slugs() {
    Map<String, String> out = new LinkedHashMap<>();
    java.util.Set<String> used = new java.util.HashSet<>();
    for (String d : cal.bench().devices()) {
      String base = NcnnHeadings.slug(d);
      String s = base;
      for (int k = 2; !used.add(s); k++) {
        s = base + "-" + k;
      }
      out.put(d, s);
    }
    return out;
  }
}
