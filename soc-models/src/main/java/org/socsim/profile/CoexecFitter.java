package org.socsim.profile;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.socsim.soc.CoexecFit;
import org.socsim.traces.h100.Coexec;

/**
 * Fits the per-call cost of CPU+GPU channel-split co-execution ({@link CoexecFit}, issue 11) on measured
 * co-executed calls: the three coefficients by non-negative least squares (microseconds) on the residual
 * {@code measured - parts} of the interior fractions, where the parts are the fraction-scaled copy in, the slower
 * of the two slices and the copy of the GPU's output back.
 */
public final class CoexecFitter {
  private CoexecFitter() {
  }

  /**
   * One measured interior call: what the parts predict ({@code partsUs}, no overhead) and the overhead's features.
   */
  public record Sample(String layer, double fGpu, double measuredUs, double partsUs, double outputBytes,
      double cpuWholeUs) {
  }

  /** Names of the fitted terms, in coefficient order. */
  public static final List<String> TERMS = List.of("fixed_us", "concat_us_per_byte", "cpu_fixed_share");

  /** Fits the overhead on {@code rows} (non-negative least squares in microseconds). */
  public static CoexecFit.Spec fit(List<Sample> rows, String source) {
    if (rows.isEmpty()) {
      throw new IllegalArgumentException("coexec fit: no interior (0 < f < 1) calls to fit on");
    }
    double[][] a = new double[rows.size()][];
    double[] b = new double[rows.size()];
    for (int i = 0; i < rows.size(); i++) {
      Sample s = rows.get(i);
      a[i] = new double[] {1.0, s.outputBytes(), s.cpuWholeUs()};
      b[i] = s.measuredUs() - s.partsUs();
    }
    // scale the byte column so the solver sees comparable magnitudes
    double scale = 1e-6;
    double[][] as = new double[a.length][];
    for (int i = 0; i < a.length; i++) {
      as[i] = new double[] {a[i][0], a[i][1] * scale, a[i][2]};
    }
    double[] x = Nnls.solve(as, b);
    x[1] *= scale;
    double ss = 0;
    double rel = 0;
    for (int i = 0; i < rows.size(); i++) {
      double pred = rows.get(i).partsUs() + x[0] + x[1] * a[i][1] + x[2] * a[i][2];
      double r = rows.get(i).measuredUs() - pred;
      ss += r * r;
      rel += Math.abs(r) / rows.get(i).measuredUs();
    }
    long layers = rows.stream().map(Sample::layer).distinct().count();
    return new CoexecFit.Spec(round3(x[0]), x[1], round6(x[2]), rows.size(), (int) layers,
        round3(Math.sqrt(ss / rows.size())), round3(100 * rel / rows.size()), source);
  }

  /** Leave-one-layer-out: the fit on every row except {@code heldOut}'s. */
  public static CoexecFit.Spec fitWithout(List<Sample> rows, String heldOut, String source) {
    List<Sample> train = rows.stream().filter(s -> !s.layer().equals(heldOut)).toList();
    return fit(train, source + " without " + heldOut);
  }

  /** Copy of {@code layer}'s input to the GPU at share f: the layer's own measured copy (only f of it, less the
   * link's fixed part, for a depthwise layer whose GPU needs only its own input channels). */
  public static double copyInUs(Coexec.Row layer, Coexec.Components c, double f, SocProfile.LinkSpec link) {
    double whole = c.h2dInputMs() * 1000;
    if (!layer.depthwise()) {
      return whole;
    }
    double fixed = link == null ? 0 : Math.min(link.fixedUs(), whole);
    return fixed + (whole - fixed) * f;
  }

  /** Copy of the GPU slice's output back at share f: the layer's measured whole-output copy
   * ({@code gpu_compute_plus_d2h - gpu_full_compute}), its per-byte part scaled by f. */
  public static double copyOutUs(Coexec.Components c, double f, SocProfile.LinkSpec link) {
    double whole = Math.max(0, c.gpuComputePlusD2hMs() - c.gpuFullMs()) * 1000;
    double fixed = link == null ? 0 : Math.min(link.fixedUs(), whole);
    return fixed + (whole - fixed) * f;
  }

  /**
   * What the parts alone predict for one call at share f (microseconds): the CPU slice alone at f = 0; else copy
   * in, then the slower of the two slices, then copy back (the host thread's order).
   */
  public static double partsUs(Coexec.Row layer, Coexec.Components c, double f, Map<String, SocProfile.LinkSpec> links) {
    if (f <= 0) {
      return c.cpuFullMs() * 1000;
    }
    double cpu = c.cpuFullMs() * 1000 * (1 - f);
    double gpu = c.gpuFullMs() * 1000 * f;
    return copyInUs(layer, c, f, links.get("cpu->gpu")) + Math.max(cpu, gpu) + copyOutUs(c, f, links.get("gpu->cpu"));
  }

  /** The interior calls of the measured co-execution data, with their parts and the overhead's features. */
  public static List<Sample> samples(Coexec data, Map<String, SocProfile.LinkSpec> links) {
    Map<String, Coexec.Components> comps = components(data);
    List<Sample> out = new ArrayList<>();
    for (Coexec.Row r : data.rows()) {
      Coexec.Components c = comps.get(r.layer());
      if (c == null || r.fGpu() <= 0 || r.fGpu() >= 1) {
        continue;
      }
      out.add(new Sample(r.layer(), r.fGpu(), r.medianMs() * 1000, partsUs(r, c, r.fGpu(), links), r.outputBytes(),
          c.cpuFullMs() * 1000));
    }
    return out;
  }

  /** Each layer's separately measured components (from its f = 0 row), in file order. */
  public static Map<String, Coexec.Components> components(Coexec data) {
    Map<String, Coexec.Components> comps = new LinkedHashMap<>();
    for (Coexec.Row r : data.rows()) {
      if (r.components() != null) {
        comps.putIfAbsent(r.layer(), r.components());
      }
    }
    return comps;
  }

  /** A one-line description for calibration notes. */
  public static String describe(CoexecFit.Spec s) {
    return String.format(Locale.ROOT, "co-execution overhead per CPU+GPU call: %.1f us + %.4f us/KB of output "
        + "(join) + %.3f x the CPU's whole-layer time (CPU slice's fixed part); NNLS on %d interior calls of %d "
        + "layers, RMS residual %.1f us, mean |residual| %.1f%%", s.fixedUs(), s.concatUsPerByte() * 1000,
        s.cpuFixedShare(), s.samples(), s.layers(), s.rmsResidualUs(), s.meanAbsResidualPct());
  }

  private static double round3(double v) {
    return Math.round(v * 1000.0) / 1000.0;
  }

  private static double round6(double v) {
    return Math.round(v * 1e6) / 1e6;
  }
}
