package org.socsim.profile;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.socsim.graph.ModelGraph;
import org.socsim.traces.ncnn.NcnnBench.UnitKind;

/**
 * Gives a phone profile measured per op (HOPE) a feature cost model, so that it runs models nobody measured on it.
 *
 * <p>The shape of the per-layer costs (how a spatial convolution MAC compares with a depthwise one, a layer's
 * overhead, memory traffic) comes from the pooled fit over the ncnn benchmark's devices of the same unit kind
 * (big cluster, LITTLE cluster, GPU); the phone's own measurements set the scale of each unit and thread count:
 * <ul>
 *   <li>anchor: a model the phone measured whose graph with shapes socsim has (HOPE's inception-v3 is the
 *       torchvision Inception v3 graph of the shared ONNX files): scale = the measured model time (per-op table
 *       sum, the kernels only) / the pooled shape's prediction for that graph;</li>
 *   <li>no anchor on the phone: the scale of anchored phones times the ratio of the two phones' per-op tables on
 *       the ops both measured (same model, same op names), geometric mean over donors.</li>
 * </ul>
 * Accuracy of this step is checked by {@code socsim validate --holdout model} on HOPE (docs/fidelity.md).
 */
public final class PhoneAnchor {
  private PhoneAnchor() {
  }

  /** A graph with shapes standing for a model a phone measured under {@code tableName}. */
  public record Anchor(String tableName, ModelGraph graph) {
  }

  /** Measured kernel time of {@code model} on a unit at a thread-count column: the sum of its op latencies. */
  static double measuredUs(SocProfile p, String model, String unit, int col, boolean gpuSupportedOnly) {
    SocProfile.ModelTable t = p.models().get(model);
    if (t == null) {
      return Double.NaN;
    }
    double dispatch = t.dispatchUs() != null && t.dispatchUs().containsKey(unit) ? t.dispatchUs().get(unit)
        : p.unitSpec(unit).dispatchUs();
    double sum = 0;
    int n = 0;
    for (Map.Entry<String, Map<String, List<Double>>> op : t.ops().entrySet()) {
      List<Double> v = op.getValue().get(unit);
      if (v == null || col >= v.size() || (gpuSupportedOnly && t.gpuUnsupported().contains(op.getKey()))) {
        continue;
      }
      sum += v.get(col);
      n++;
    }
    return n == 0 || dispatch < 0 ? Double.NaN : sum;
  }

  /**
   * The pooled shape without its per-layer overhead term: a phone's per-op overhead is its own measured dispatch
   * gap (the unit's dispatch_us), which the engine adds to every op.
   */
  static double[] kernelShape(double[] p) {
    if (p == null) {
      return null;
    }
    double[] q = p.clone();
    q[LayerBasis.TERMS.indexOf("layers")] = 0;
    return q;
  }

  static UnitKind kindOf(SocProfile.UnitSpec u) {
    return switch (u.id()) {
      case "cpu-little" -> UnitKind.LITTLE;
      case "gpu" -> UnitKind.GPU;
      default -> u.kind().equals("GPU") ? UnitKind.GPU : UnitKind.BIG;
    };
  }

  /**
   * Scales per phone, unit and thread column, from anchors where the phone has one.
   *
   * @return phone name to unit id to one scale per thread column (NaN where no anchor)
   */
  static Map<String, Map<String, double[]>> anchoredScales(List<SocProfile> phones, Map<UnitKind, double[]> shape,
      List<Anchor> anchors) {
    Map<String, Map<String, double[]>> out = new TreeMap<>();
    for (SocProfile p : phones) {
      Map<String, double[]> units = new LinkedHashMap<>();
      for (SocProfile.UnitSpec u : p.units()) {
        double[] p0 = kernelShape(shape.get(kindOf(u)));
        double[] s = new double[u.threads().size()];
        java.util.Arrays.fill(s, Double.NaN);
        for (int col = 0; col < s.length && p0 != null; col++) {
          List<Double> logs = new ArrayList<>();
          for (Anchor a : anchors) {
            double measured = measuredUs(p, a.tableName(), u.id(), col, kindOf(u) == UnitKind.GPU);
            double pred = LayerBasis.dot(p0, PooledFit.aggregate(a.graph())) * 1000.0;
            if (measured > 0 && pred > 0) {
              logs.add(Math.log(measured / pred));
            }
          }
          if (!logs.isEmpty()) {
            s[col] = Math.exp(logs.stream().mapToDouble(Double::doubleValue).average().orElse(0));
          }
        }
        units.put(u.id(), s);
      }
      out.put(p.name(), units);
    }
    return out;
  }

  /** Ratio of phone a's to phone b's per-op latencies on the ops both measured (same model, unit and column). */
  static double ratio(SocProfile a, SocProfile b, String unit, int col) {
    double sa = 0;
    double sb = 0;
    for (Map.Entry<String, SocProfile.ModelTable> m : a.models().entrySet()) {
      SocProfile.ModelTable tb = b.models().get(m.getKey());
      if (tb == null || !m.getValue().runtime().equals(tb.runtime())) {
        continue;
      }
      for (Map.Entry<String, Map<String, List<Double>>> op : m.getValue().ops().entrySet()) {
        Map<String, List<Double>> ob = tb.ops().get(op.getKey());
        List<Double> va = op.getValue().get(unit);
        List<Double> vb = ob == null ? null : ob.get(unit);
        if (va != null && vb != null && col < va.size() && col < vb.size() && va.get(col) > 0 && vb.get(col) > 0) {
          sa += va.get(col);
          sb += vb.get(col);
        }
      }
    }
    return sa > 0 && sb > 0 ? sa / sb : Double.NaN;
  }

  /**
   * The phones with feature cost models attached to every unit that an anchor or a donor phone can scale. Units that
   * cannot be scaled are left without one (noted).
   *
   * @param shape pooled ncnn shape per unit kind ({@link NcnnCalibrator.Fit#shape}); coefficients in ms
   */
  public static List<SocProfile> attach(List<SocProfile> phones, Map<UnitKind, double[]> shape, List<Anchor> anchors) {
    Map<String, Map<String, double[]>> scales = anchoredScales(phones, shape, anchors);
    List<SocProfile> out = new ArrayList<>();
    for (SocProfile p : phones) {
      Map<String, SocProfile.UnitCostSpec> costs = new LinkedHashMap<>();
      List<String> notes = new ArrayList<>(p.notes());
      for (SocProfile.UnitSpec u : p.units()) {
        double[] p0 = kernelShape(shape.get(kindOf(u)));
        if (p0 == null) {
          continue;
        }
        Map<String, List<Double>> coef = new LinkedHashMap<>();
        List<String> how = new ArrayList<>();
        for (int col = 0; col < u.threads().size(); col++) {
          double s = scales.get(p.name()).get(u.id())[col];
          String src = "anchor " + anchors.stream().map(Anchor::tableName).toList();
          if (!(s > 0)) {
            List<Double> logs = new ArrayList<>();
            List<String> donors = new ArrayList<>();
            for (SocProfile q : phones) {
              double[] sq = q == p ? null : scales.get(q.name()).get(u.id());
              if (sq == null || col >= sq.length || !(sq[col] > 0)) {
                continue;
              }
              double r = ratio(p, q, u.id(), col);
              if (r > 0) {
                logs.add(Math.log(r * sq[col]));
                donors.add(q.name());
              }
            }
            if (logs.isEmpty()) {
              continue;
            }
            s = Math.exp(logs.stream().mapToDouble(Double::doubleValue).average().orElse(0));
            src = "per-op ratio to " + donors;
          }
          List<Double> c = new ArrayList<>();
          for (double v : p0) {
            // Pooled coefficients are ms per term unit; profiles hold us.
            c.add(Double.parseDouble(String.format(Locale.ROOT, "%.6g", v * s * 1000.0)));
          }
          coef.put(Integer.toString(u.threads().get(col)), c);
          how.add(u.threads().get(col) + "t: " + src);
        }
        if (coef.isEmpty()) {
          notes.add("unit " + u.id() + ": no feature cost model (no anchor model and no donor phone shares its ops)");
          continue;
        }
        costs.put(u.id(), new SocProfile.UnitCostSpec(Map.of(), u.dispatchUs(), new SocProfile.LayerCostSpec(LayerBasis.NAME,
            LayerBasis.TERMS, coef, "pooled ncnn-bench " + kindOf(u).label + " shape scaled by " + how)));
      }
      if (!costs.isEmpty()) {
        notes.add("feature cost models (models without a per-op table): pooled ncnn-bench shapes scaled to this"
            + " phone's own measurements");
      }
      out.add(costs.isEmpty() ? p : new SocProfile(p.schema(), p.name(), p.description(), p.sources(), p.units(),
          p.links(), p.models(), costs, p.platform(), notes));
    }
    return out;
  }
}
