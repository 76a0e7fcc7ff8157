package org.socsim.profile;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.socsim.graph.Op;
import org.socsim.graph.OpFeatures;
import org.socsim.soc.CostModel;
import org.socsim.soc.Unit;

/**
 * Op latency from op features with the profile's fitted lines ({@link CostFitter}). A thread count that was
 * not measured is interpolated linearly in 1/threads between the nearest measured counts (Amdahl's form);
 * beyond the measured range the nearest count is used.
 */
public final class FeatureCostModel implements CostModel {
  private final SocProfile profile;

  /** Signature of the graph this model prices (for per-model factors), or null. */
  private final String signature;

  /** The graph this model prices, or null. */
  private final org.socsim.graph.ModelGraph graph;

  /** Per unit id: whether the unit refuses the whole graph (a layer of a term it cannot run). */
  private final Map<String, Boolean> refused = new java.util.concurrent.ConcurrentHashMap<>();

  public FeatureCostModel(SocProfile profile) {
    this(profile, null);
  }

  /** A cost model for {@code graph}: per-model factors of the profile apply when its signature matches. */
  public FeatureCostModel(SocProfile profile, org.socsim.graph.ModelGraph graph) {
    this.signature = graph == null ? null : LayerBasis.signature(graph);
    this.graph = graph;
    if (profile.costModels() == null || profile.costModels().isEmpty()) {
      throw new IllegalArgumentException("profile " + profile.name() + " has no fitted cost models (calibrate it from"
          + " ONNX Runtime profiles, e.g. 'socsim measure' output)");
    }
    this.profile = profile;
  }

  /** A per-thread-count figure interpolated in 1/threads like the coefficients; the nearest end beyond the range. */
  static double interpolated(Map<String, Double> byThreads, int threads) {
    TreeMap<Integer, Double> m = new TreeMap<>();
    byThreads.forEach((k, v) -> m.put(Integer.parseInt(k), v));
    Integer lo = m.floorKey(threads);
    Integer hi = m.ceilingKey(threads);
    if (lo == null) {
      return m.get(hi);
    }
    if (hi == null || lo.equals(hi)) {
      return m.get(lo);
    }
    double w = (1.0 / lo - 1.0 / threads) / (1.0 / lo - 1.0 / hi);
    return m.get(lo) + w * (m.get(hi) - m.get(lo));
  }

  /** Whether the profile holds a whole-model total (measured or transferred) for this graph on some unit. */
  public boolean hasModelTotal() {
    return signature != null && profile.costModels().values().stream().anyMatch(c -> c.layers() != null
        && c.layers().modelFactors() != null && c.layers().modelFactors().containsKey(signature));
  }

  @Override
  public double durationUs(Op op, Unit unit, int threads) {
    SocProfile.UnitCostSpec spec = profile.costModels().get(unit.id());
    if (spec == null) {
      throw new IllegalArgumentException("profile " + profile.name() + " has no cost model for unit " + unit.id());
    }
    double us = predict(spec, op.features(), threads);
    if (signature != null && spec.layers() != null && spec.layers().modelFactors() != null) {
      Map<String, Double> f = spec.layers().modelFactors().get(signature);
      if (f != null) {
        us *= interpolated(f, threads);
      }
    }
    return us;
  }

  /** Predicted kernel time, without dispatch overhead. */
  public static double predict(SocProfile.UnitCostSpec spec, OpFeatures f, int threads) {
    if (!f.known()) {
      return 0.0;
    }
    if (spec.layers() != null) {
      return layers(spec.layers(), f, threads);
    }
    TreeMap<Integer, Map<String, SocProfile.FitSpec>> byThreads = new TreeMap<>();
    spec.fits().forEach((k, v) -> byThreads.put(Integer.parseInt(k), v));
    Integer lo = byThreads.floorKey(threads);
    Integer hi = byThreads.ceilingKey(threads);
    if (lo == null) {
      return line(byThreads.get(hi), f);
    }
    if (hi == null || lo.equals(hi)) {
      return line(byThreads.get(lo), f);
    }
    double a = line(byThreads.get(lo), f);
    double b = line(byThreads.get(hi), f);
    double w = (1.0 / lo - 1.0 / threads) / (1.0 / lo - 1.0 / hi);
    return a + w * (b - a);
  }

  /** The layer-basis cost, interpolated in 1/threads between measured thread counts like the fitted lines. */
  static double layers(SocProfile.LayerCostSpec spec, OpFeatures f, int threads) {
    checkBasis(spec);
    double[] x = LayerBasis.of(f);
    TreeMap<Integer, List<Double>> byThreads = new TreeMap<>();
    spec.coefficients().forEach((k, v) -> byThreads.put(Integer.parseInt(k), v));
    Integer lo = byThreads.floorKey(threads);
    Integer hi = byThreads.ceilingKey(threads);
    if (lo == null) {
      return dot(byThreads.get(hi), x);
    }
    if (hi == null || lo.equals(hi)) {
      return dot(byThreads.get(lo), x);
    }
    double a = dot(byThreads.get(lo), x);
    double b = dot(byThreads.get(hi), x);
    double w = (1.0 / lo - 1.0 / threads) / (1.0 / lo - 1.0 / hi);
    return a + w * (b - a);
  }

  /** A layer cost over another basis than this socsim's is refused with a hint to recalibrate. */
  static void checkBasis(SocProfile.LayerCostSpec spec) {
    if (!LayerBasis.NAME.equals(spec.basis()) || !LayerBasis.TERMS.equals(spec.terms())) {
      throw new IllegalArgumentException("profile cost model uses basis " + spec.basis() + " " + spec.terms()
          + "; this socsim knows " + LayerBasis.NAME + " " + LayerBasis.TERMS + " (recalibrate the profile)");
    }
  }

  private static double dot(List<Double> c, double[] x) {
    double s = 0;
    for (int k = 0; k < x.length; k++) {
      s += c.get(k) * x[k];
    }
    return Math.max(0.0, s);
  }

  private static double line(Map<String, SocProfile.FitSpec> fits, OpFeatures f) {
    SocProfile.FitSpec fit = fits.getOrDefault(f.family(), fits.get("all"));
    return Math.max(0.0, fit.predictUs(f.flops(), CostFitter.bytes(f)));
  }

  @Override
  public boolean supports(Op op, Unit unit) {
    SocProfile.UnitCostSpec spec = profile.costModels().get(unit.id());
    if (spec == null || spec.layers() == null || spec.layers().unsupported() == null) {
      return spec != null;
    }
    checkBasis(spec.layers());
    // A runtime that cannot run one layer of a graph on this unit runs none of it there (ncnn turns Vulkan off for
    // a network with int8 layers); without the graph, the op alone decides.
    if (graph != null) {
      return !refused.computeIfAbsent(unit.id(), u -> graph.ops().stream()
          .anyMatch(o -> o.features().known() && !spec.layers().runs(LayerBasis.of(o.features()))));
    }
    return !op.features().known() || spec.layers().runs(LayerBasis.of(op.features()));
  }
}
