package org.socsim.profile;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.socsim.traces.ncnn.NcnnBench;
import org.socsim.traces.ncnn.NcnnBench.Setting;
import org.socsim.traces.ncnn.NcnnBench.UnitKind;

/**
 * Zero-shot by kin: a CPU setting of a device with no rows of its own takes the mean coefficients of the settings of
 * other devices whose headings name the same CPU cores (e.g. Cortex-A76 + Cortex-A55, Cortex-A53, C910V) and, where
 * both headings write it, the same number of cores, at the same unit kind and thread count, each scaled by the ratio
 * of the two headings' highest clocks. The heading regression ({@link NcnnHeadings}) knows clocks and whether cores
 * are small, not which cores they are; boards with the same cores run the same ncnn kernels. On the zero-shot device
 * holdout (`validate --holdout device`) it prices 1,008 rows of 20 devices, 54.8 % -> 21.5 % median |error| (most of
 * the gain on other headings of the same chip: RK3566, RK3568, RK3588), docs/fidelity.md. Limits: a thread count
 * no kin measured stays with the heading regression (taking the nearest kin thread count, scaled by the regression,
 * was worse: RK3588 LITTLE blocks disagree by 2-5x), so one device may mix the two across thread counts; the highest
 * clock of the heading stands for every cluster. Profiles use it only where a CPU setting has no rows and its device
 * measured no CPU setting: no bundled profile today; `calibrate --models` listing none of a device's CPU models would.
 */
final class NcnnKin {
  private NcnnKin() {
  }

  /**
   * CPU core names as headings write them: Arm Cortex-A* (with or without "Cortex-"; not Apple's A7 SoC), Qualcomm
   * Kryo/"Kyro" by model number, NVIDIA Carmel/Denver2, AMD Zen N (not "Zen 2.0 GHz", a clock), T-Head, SiFive,
   * SpacemiT, Loongson, Phytium.
   */
  private static final Pattern CORE = Pattern.compile("(?<!Apple )\\b(?:Cortex-)?(A(?:5|7|9|15|17|35|53|55|57|72|73|75|76|"
      + "77|78|78AE|710|715|720))\\b|\\b(K(?:ry|yr)o\\s?\\d{3}|Carmel|Denver2|Zen\\s?\\d\\b(?!\\.\\d)|Oryon|C910V?|C906|U74|X60|"
      + "LA\\d64|GS\\d64E?|FTC66\\d)\\b");
  /** Core counts as headings write them: "x 4", "* 2", "x4", "Quad Core", "Dual". */
  private static final Pattern COUNT = Pattern.compile("[x*]\\s?(\\d{1,3})\\b|\\b(Quad|Dual|Hexa|Octa)[ -](?:Core|core)");

  /** The core names a heading mentions (normalised: no spaces), empty when none is recognised. */
  static Set<String> cores(String heading) {
    Set<String> out = new TreeSet<>();
    Matcher m = CORE.matcher(heading);
    while (m.find()) {
      out.add((m.group(1) != null ? m.group(1) : m.group(2)).replace(" ", ""));
    }
    return out;
  }

  /** The number of cores a heading writes (summed over clusters), 0 when it writes none. */
  static int coreCount(String heading) {
    int n = 0;
    Matcher m = COUNT.matcher(heading);
    while (m.find()) {
      n += m.group(1) != null ? Integer.parseInt(m.group(1)) : switch (m.group(2)) {
        case "Dual" -> 2;
        case "Quad" -> 4;
        case "Hexa" -> 6;
        default -> 8;
      };
    }
    return n;
  }

  /** The highest clock a heading writes (GHz, or MHz converted); NaN when it writes none. */
  static double ghz(String heading) {
    java.util.TreeSet<Double> c = NcnnBench.clocksGhz(heading);
    return c.isEmpty() ? Double.NaN : c.last();
  }

  /** What kin are matched on, parsed once per heading (kin are looked up for every cell a zero-shot fit prices). */
  private record Cpu(Set<String> cores, int count, double ghz) {
    boolean known() {
      return !cores.isEmpty() && !Double.isNaN(ghz);
    }

    /** Same cores, and the same core count where both headings write one. */
    boolean kin(Cpu o) {
      return cores.equals(o.cores) && (count == 0 || o.count == 0 || count == o.count);
    }
  }

  private static final Map<String, Cpu> CPUS = new ConcurrentHashMap<>();

  private static Cpu cpu(String heading) {
    return CPUS.computeIfAbsent(heading, h -> new Cpu(cores(h), coreCount(h), ghz(h)));
  }

  /**
   * The kin of {@code s} among {@code fitted}: other devices with the same cores (and core count where both write
   * one), the same CPU kind and thread count.
   */
  static List<Setting> of(Setting s, Collection<Setting> fitted) {
    List<Setting> out = new ArrayList<>();
    Cpu mine = cpu(s.device());
    if (s.kind() == UnitKind.GPU || !mine.known()) {
      return out;
    }
    for (Setting t : fitted) {
      Cpu theirs = cpu(t.device());
      if (!t.device().equals(s.device()) && t.kind() == s.kind() && t.threads() == s.threads() && theirs.known()
          && mine.kin(theirs)) {
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
      double r = cpu(t.device()).ghz() / cpu(s.device()).ghz();
      for (int k = 0; k < out.length; k++) {
        out[k] += c[k] * r / kin.size();
      }
    }
    return out;
  }
}
