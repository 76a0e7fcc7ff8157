package org.socsim.traces.ncnn;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.socsim.result.Stats;
import org.socsim.traces.ncnn.NcnnBench.Setting;

/**
 * How far two measurements of the same thing disagree in the ncnn benchmark table: the floor under the error of any
 * prediction scored on it.
 *
 * <ul>
 *   <li><b>Loop spread</b>: each row's {@code (max - min) / avg} over the benchmark loop.</li>
 *   <li><b>Same chip</b>: headings that name the same chip part number (e.g. RK3588, RK3588s) at the same clocks
 *       are the same hardware benchmarked by different people with different ncnn releases. For each pair of such
 *       headings and each setting both measured (unit kind, threads; GPU by index) with at least
 *       {@link #MIN_SHARED} models, the per-model ratio of their latencies is divided by the pair's median ratio
 *       (what a per-device fit learns from the device's other models); what is left, max(r, 1/r) - 1 of the
 *       remaining ratio r (the same whichever heading is named first), is the per-model disagreement of two
 *       measurements of one hardware. It bounds any prediction that carries knowledge from one heading to another
 *       (the device holdout), and shows the size of the device x model interaction that the releases alone put
 *       into the table.</li>
 * </ul>
 *
 * @param loopRows        rows with min and max
 * @param loopMedianPct   median (max - min) / avg, percent
 * @param loopP90Pct      90th percentile of it
 * @param chips           the chips with two or more headings, e.g. {@code RK3588 (4 headings)}
 * @param pairs           heading pairs x settings compared
 * @param rows            model rows compared
 * @param chipMedianPct   median per-model disagreement after the pair's ratio, percent
 * @param chipWithin10Pct share of model rows within 10 %
 */
public record NcnnFloor(int loopRows, double loopMedianPct, double loopP90Pct, List<String> chips, int pairs,
    int rows, double chipMedianPct, double chipWithin10Pct) {

  /** Fewest models two headings must share in a setting for their comparison to count. */
  public static final int MIN_SHARED = 8;

  /** A chip part number: 2-4 letters then 3-4 digits, an optional letter (RK3588s, BCM2712, MSM8994, SDM660). */
  private static final Pattern CHIP = Pattern.compile("\\b([A-Za-z]{2,4})(\\d{3,4})[A-Za-z]?\\b");

  /**
   * The hardware a heading names: its chip part numbers and its clocks (both needed: an overclocked board is not
   * the same hardware), e.g. {@code RK3588 @ 1.8,2.4 GHz}; empty when the heading names no chip or no clock.
   */
  public static Optional<String> hardware(String heading) {
    TreeSet<String> chips = new TreeSet<>();
    Matcher m = CHIP.matcher(heading);
    while (m.find()) {
      chips.add(m.group(1).toUpperCase(Locale.ROOT) + m.group(2));
    }
    TreeSet<Double> ghz = NcnnBench.clocksGhz(heading);
    if (chips.isEmpty() || ghz.isEmpty()) {
      return Optional.empty();
    }
    StringBuilder sb = new StringBuilder(String.join("+", chips)).append(" @ ");
    ghz.forEach(x -> sb.append(sb.charAt(sb.length() - 1) == ' ' ? "" : ",").append(x));
    return Optional.of(sb.append(" GHz").toString());
  }

  /** The floor of a benchmark table. */
  public static NcnnFloor of(NcnnBench bench) {
    List<Double> loop = new ArrayList<>();
    for (NcnnBench.Row r : bench.rows()) {
      if (!Double.isNaN(r.spread())) {
        loop.add(100 * r.spread());
      }
    }
    Map<Setting, Map<String, Double>> table = bench.table();
    // hardware -> headings
    Map<String, TreeSet<String>> same = new TreeMap<>();
    for (String d : bench.devices()) {
      hardware(d).ifPresent(h -> same.computeIfAbsent(h, k -> new TreeSet<>()).add(d));
    }
    List<String> chips = new ArrayList<>();
    List<Double> resid = new ArrayList<>();
    int pairs = 0;
    for (Map.Entry<String, TreeSet<String>> e : same.entrySet()) {
      if (e.getValue().size() < 2) {
        continue;
      }
      chips.add(e.getKey() + " (" + e.getValue().size() + " headings)");
      List<String> hs = new ArrayList<>(e.getValue());
      for (int i = 0; i < hs.size(); i++) {
        for (int j = i + 1; j < hs.size(); j++) {
          for (Map.Entry<Setting, Map<String, Double>> a : table.entrySet()) {
            Setting s = a.getKey();
            if (!s.device().equals(hs.get(i))) {
              continue;
            }
            Map<String, Double> b = table.get(new Setting(hs.get(j), s.kind(), s.threads(), s.gpu()));
            if (b == null) {
              continue;
            }
            List<Double> lr = new ArrayList<>();
            a.getValue().forEach((g, ms) -> {
              if (b.containsKey(g)) {
                lr.add(Math.log(ms / b.get(g)));
              }
            });
            if (lr.size() < MIN_SHARED) {
              continue;
            }
            pairs++;
            double c = Stats.median(lr);
            // symmetric: the same whichever heading of the pair is named first
            lr.forEach(x -> resid.add(100 * (Math.exp(Math.abs(x - c)) - 1)));
          }
        }
      }
    }
    double[] l = loop.stream().mapToDouble(Double::doubleValue).sorted().toArray();
    double[] r = resid.stream().mapToDouble(Double::doubleValue).sorted().toArray();
    return new NcnnFloor(l.length, l.length == 0 ? Double.NaN : Stats.median(l),
        l.length == 0 ? Double.NaN : Stats.quantile(l, 0.9), List.copyOf(chips), pairs, r.length,
        r.length == 0 ? Double.NaN : Stats.median(r),
        r.length == 0 ? Double.NaN : 100.0 * resid.stream().filter(x -> x <= 10).count() / r.length);
  }

  /** One line for a validate report ("n/a" where the table gives nothing to compare). */
  public String line() {
    return "measurement floor: benchmark loop (max - min) / avg median " + pct(loopMedianPct) + ", p90 "
        + pct(loopP90Pct) + " (" + loopRows + " rows); the same chip under two headings ("
        + (chips.isEmpty() ? "none" : String.join(", ", chips)) + "; " + pairs + " setting pairs, " + rows
        + " model rows), after each pair's overall speed ratio: median " + pct(chipMedianPct) + ", within10 "
        + pct(chipWithin10Pct);
  }

  private static String pct(double x) {
    return Double.isNaN(x) ? "n/a" : String.format(Locale.ROOT, "%.1f%%", x);
  }

  /** The same as a JSON-ready map (percent values rounded to 0.001). */
  public Map<String, Object> json() {
    Map<String, Object> o = new LinkedHashMap<>();
    o.put("loop_rows", loopRows);
    o.put("loop_spread_median_pct", r3(loopMedianPct));
    o.put("loop_spread_p90_pct", r3(loopP90Pct));
    o.put("same_chip", chips);
    o.put("same_chip_setting_pairs", pairs);
    o.put("same_chip_rows", rows);
    o.put("same_chip_median_pct", r3(chipMedianPct));
    o.put("same_chip_within10_pct", r3(chipWithin10Pct));
    return o;
  }

  private static Double r3(double x) {
    return Double.isNaN(x) ? null : Math.round(x * 1000) / 1000.0;
  }
}
