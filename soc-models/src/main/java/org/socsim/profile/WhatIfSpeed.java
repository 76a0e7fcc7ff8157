package org.socsim.profile;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code <unit>.speed=F} of {@link WhatIf}: every latency the profile gives for ops on that unit divided by F. Per-op
 * tables are divided entry by entry; feature cost models are linear in their coefficients (fitted lines: fixed,
 * per-FLOP and per-byte terms; layer basis: every coefficient), so dividing the coefficients divides each
 * prediction. Dispatch gaps (the {@code dispatch_us} key) and copies (the {@code link} keys) are not op latencies.
 * F = 2 (any power of two) halves every op time exactly in floating point.
 */
final class WhatIfSpeed {
  private WhatIfSpeed() {
  }

  static SocProfile apply(SocProfile p, String unit, double f) {
    Map<String, SocProfile.ModelTable> models = WhatIf.mapModels(p, t -> t.ops() == null ? t
        : new SocProfile.ModelTable(t.runtime(), ops(t.ops(), unit, f), t.gpuUnsupported(), t.dispatchUs(),
        t.copyUs(), t.outputBytes(), t.tensorBytes()));
    Map<String, SocProfile.UnitCostSpec> cms = p.costModels();
    if (cms != null && cms.containsKey(unit)) {
      cms = new LinkedHashMap<>(cms);
      cms.put(unit, costModel(cms.get(unit), f));
    }
    return WhatIf.copy(p, p.units(), p.links(), models, cms, p.platform());
  }

  private static Map<String, Map<String, List<Double>>> ops(Map<String, Map<String, List<Double>>> ops, String unit,
      double f) {
    Map<String, Map<String, List<Double>>> out = new LinkedHashMap<>();
    ops.forEach((op, byUnit) -> {
      if (!byUnit.containsKey(unit)) {
        out.put(op, byUnit);
        return;
      }
      Map<String, List<Double>> m = new LinkedHashMap<>(byUnit);
      m.put(unit, divided(byUnit.get(unit), f));
      out.put(op, m);
    });
    return out;
  }

  private static SocProfile.UnitCostSpec costModel(SocProfile.UnitCostSpec c, double f) {
    Map<String, Map<String, SocProfile.FitSpec>> fits = null;
    if (c.fits() != null) {
      fits = new LinkedHashMap<>();
      for (Map.Entry<String, Map<String, SocProfile.FitSpec>> t : c.fits().entrySet()) {
        Map<String, SocProfile.FitSpec> byFamily = new LinkedHashMap<>();
        t.getValue().forEach((fam, fit) -> byFamily.put(fam, new SocProfile.FitSpec(fit.fixedUs() / f,
            fit.usPerFlop() / f, fit.usPerByte() / f, fit.n(), fit.medianAbsErrPct())));
        fits.put(t.getKey(), byFamily);
      }
    }
    SocProfile.LayerCostSpec l = c.layers();
    if (l != null && l.coefficients() != null) {
      Map<String, List<Double>> coef = new LinkedHashMap<>();
      l.coefficients().forEach((t, v) -> coef.put(t, divided(v, f)));
      l = new SocProfile.LayerCostSpec(l.basis(), l.terms(), coef, l.source(), l.modelFactors(), l.unsupported());
    }
    return new SocProfile.UnitCostSpec(fits, c.dispatchUs(), l);
  }

  private static List<Double> divided(List<Double> v, double f) {
    List<Double> out = new ArrayList<>(v.size());
    for (Double d : v) {
      out.add(d == null ? null : d / f);
    }
    return out;
  }
}
