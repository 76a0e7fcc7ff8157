package org.socsim.profile;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.socsim.traces.ncnn.NcnnBench.Setting;
import org.socsim.traces.ncnn.NcnnBench.UnitKind;

/**
 * Zero-shot by kin: a CPU setting of a device with no rows of its own takes the mean coefficients of the settings of
 * other devices whose headings name the same CPU cores (e.g. Cortex-A76 + Cortex-A55, Cortex-A53, Zen 2, C910), at
 * the same unit kind and thread count, each scaled by the ratio of the two headings' highest clocks. The heading
 * regression ({@link NcnnHeadings}) knows clocks and whether cores are small, not which cores they are; boards with
 * the same cores run the same ncnn kernels. On the zero-shot device holdout (`validate --holdout device`) it prices
 * 1,206 rows of 25 devices: median |error| 51.4 -> 26.0 %, mean 76.3 -> 32.4 % (328 rows worse); all rows 72.44 ->
 * 63.94 % median (docs/fidelity.md). Nothing else uses it: every bundled profile's CPU settings have rows or a
 * measured setting of their own device.
 */
final class NcnnKin {
  private NcnnKin() {
  }

  /**
   * CPU core names as headings write them: Arm Cortex-A* (with or without "Cortex-"; not Apple's A7 SoC), Kryo,
   * NVIDIA, AMD Zen, T-Head, SiFive, Loongson, Phytium.
   */
  private static final Pattern CORE = Pattern.compile("(?<!Apple )\\b(?:Cortex-)?(A(?:5|7|9|15|17|35|53|55|57|72|73|75|76|77|78|"
      + "78AE|710|715|720))\\b|\\b(Kry?o\\s?\\d+|Carmel|Denver2|Zen\\s?\\d(?:\\.\\d)?|Oryon|C910V?|C906|U74|X60|LA\\d64|"
      + "GS\\d64E?|FTC66\\d)\\b");
  private static final Pattern GHZ = Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*[Gg][Hh][Zz]");

  /** The core names a heading mentions (normalised: no spaces), empty when none is recognised. */
  static Set<String> cores(String heading) {
    Set<String> out = new TreeSet<>();
    Matcher m = CORE.matcher(heading);
    while (m.find()) {
      out.add((m.group(1) != null ? m.group(1) : m.group(2)).replace(" ", ""));
    }
    return out;
  }

  /** The highest clock a heading writes, GHz; NaN when it writes none. */
  static double ghz(String heading) {
    double g = Double.NaN;
    Matcher m = GHZ.matcher(heading);
    while (m.find()) {
      double v = Double.parseDouble(m.group(1));
      g = Double.isNaN(g) ? v : Math.max(g, v);
    }
    return g;
  }

  /** The kin of {@code s} among {@code fitted}: other devices, same CPU kind and thread count, same cores. */
  static List<Setting> of(Setting s, Collection<Setting> fitted) {
    List<Setting> out = new ArrayList<>();
    Set<String> mine = cores(s.device());
    if (s.kind() == UnitKind.GPU || mine.isEmpty() || Double.isNaN(ghz(s.device()))) {
      return out;
    }
    for (Setting t : fitted) {
      if (!t.device().equals(s.device()) && t.kind() == s.kind() && t.threads() == s.threads()
          && cores(t.device()).equals(mine) && !Double.isNaN(ghz(t.device()))) {
        out.add(t);
      }
    }
    return out;
  }

  /** The mean of the kin's coefficients, each scaled by its clock over this device's; null without kin. */
  static double[] coefficients(Setting s, Collection<Setting> fitted, Function<Setting, double[]> coef) {
    List<Setting> kin = of(s, fitted);
    if (kin.isEmpty()) {
      return null;
    }
    double[] out = new double[LayerBasis.K];
    for (Setting t : kin) {
      double[] c = coef.apply(t);
      double r = ghz(t.device()) / ghz(s.device());
      for (int k = 0; k < out.length; k++) {
        out[k] += c[k] * r / kin.size();
      }
    }
    return out;
  }
}
