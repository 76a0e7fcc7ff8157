package org.socsim.profile;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A what-if SoC: changes to a loaded profile ({@code socsim run --what-if KEY=VALUE[,KEY=VALUE]}, the sweep axis
 * {@code what_if}, {@code socsim derive}). {@link #apply} returns a new profile, so table and feature cost models,
 * the SoC and the platform figures all see the change, and a derived profile written with {@link ProfileIo} runs
 * exactly as the what-if does. Keys ({@link #KEYS}):
 * <ul>
 *   <li>{@code <unit>.speed=F} (F in [0.001, 1000]): every op latency of that unit divided by F (per-op tables;
 *       feature cost coefficients and fitted lines); dispatch gaps and copies unchanged;</li>
 *   <li>{@code <unit>.cores=N}: the unit's core count (a CPU op then runs on at most N threads; a profile with
 *       per-op tables must hold latencies at N threads when N is below its largest thread count); a CPU cluster's
 *       power figures scale with its cores, so each core's power is unchanged;</li>
 *   <li>{@code <unit>.dispatch_us=X}: the unit's dispatch gap for every model (the per-model measured gaps and the
 *       feature cost model's per-op overhead too);</li>
 *   <li>{@code <unit>.power.scale=F}: the unit's idle, static and dynamic power times F;</li>
 *   <li>{@code dram.gbps=X}: the shared DRAM bandwidth the profile gives a run ({@code --bandwidth} still wins);</li>
 *   <li>{@code link.<from>-<to>.scale=F}: copy cost on the profile's link from unit kind {@code <from>} to
 *       {@code <to>} (links are per unit kind: {@code cpu, gpu, npu, dsp}; one direction per key) times F: the
 *       fitted fixed and per-byte costs, the mean copy charged for unknown shapes and each model's mean copy.
 *       Co-execution overheads (the profile's {@code coexec} fit) are not links and stay.</li>
 *   <li>{@code corun.<kind>=S} (S in [0, 1000]): the co-run slowdown of units of kind {@code <kind>} while the
 *       other side of the CPU/accelerator divide runs ({@code platform.co_run}; 0 turns it off, and a profile
 *       without co-run data can be given one).</li>
 * </ul>
 * {@code <unit>} is a unit id of the profile ({@code cpu-big}, {@code gpu}, ...).
 */
public record WhatIf(Map<String, Double> changes) {
  /** The key forms, as the error messages and {@code run --help} list them. */
  public static final String KEYS = "<unit>.speed, <unit>.cores, <unit>.dispatch_us, <unit>.power.scale, dram.gbps,"
      + " link.<from>-<to>.scale, corun.<kind>";

  public static final WhatIf NONE = new WhatIf(Map.of());

  private static final List<String> UNIT_KNOBS = List.of(".power.scale", ".speed", ".cores", ".dispatch_us");

  private static final List<String> KINDS = List.of("cpu", "gpu", "npu", "dsp");

  public WhatIf {
    changes = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(changes));
  }

  public boolean isEmpty() {
    return changes.isEmpty();
  }

  /** {@code key=value,...} in the order given, values as parsed ({@code 2.0} for {@code 2}); empty for none. */
  public String text() {
    List<String> parts = new ArrayList<>();
    changes.forEach((k, v) -> parts.add(k + "=" + plain(v)));
    return String.join(",", parts);
  }

  @Override
  public String toString() {
    return text();
  }

  /**
   * Parses {@code KEY=VALUE[,KEY=VALUE]} (empty or null: no change). Checks each key's form and value; which
   * units and links exist is checked by {@link #apply}.
   */
  public static WhatIf parse(String text) {
    if (text == null || text.isBlank()) {
      return NONE;
    }
    Map<String, Double> out = new LinkedHashMap<>();
    for (String part : text.split(",")) {
      String p = part.strip();
      int eq = p.indexOf('=');
      if (eq <= 0) {
        throw new IllegalArgumentException("what-if '" + p + "' is not KEY=VALUE (keys: " + KEYS + ")");
      }
      String key = p.substring(0, eq).strip();
      String raw = p.substring(eq + 1).strip();
      String knob = knob(key);
      if (knob == null) {
        throw new IllegalArgumentException("unknown what-if key '" + key + "'; known keys: " + KEYS);
      }
      double v;
      try {
        v = Double.parseDouble(raw);
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("what-if " + key + " expects a number, got '" + raw + "'");
      }
      check(key, knob, v);
      if (out.put(key, v) != null) {
        throw new IllegalArgumentException("what-if key '" + key + "' given twice");
      }
    }
    return new WhatIf(out);
  }

  /** The knob of a key ({@code .speed}, {@code dram.gbps}, {@code link.scale}...), or null for an unknown form. */
  private static String knob(String key) {
    if (key.equals("dram.gbps")) {
      return key;
    }
    if (key.startsWith("corun.")) {
      return KINDS.contains(key.substring(6)) ? "corun" : null;
    }
    if (key.startsWith("link.") && key.endsWith(".scale")) {
      String[] ft = key.substring(5, key.length() - 6).split("-", -1);
      return ft.length == 2 && KINDS.contains(ft[0]) && KINDS.contains(ft[1]) ? "link.scale" : null;
    }
    for (String k : UNIT_KNOBS) {
      if (key.endsWith(k) && key.length() > k.length()) {
        return k;
      }
    }
    return null;
  }

  private static void check(String key, String knob, double v) {
    boolean ok = switch (knob) {
      case ".speed" -> v >= 1e-3 && v <= 1e3;
      case ".cores" -> v >= 1 && v <= 1024 && v == Math.rint(v);
      case ".dispatch_us" -> v >= 0 && v < 1e9;
      case "dram.gbps" -> v > 0 && v < 1e9;
      default -> v >= 0 && v <= 1e3; // scales
    };
    if (!ok) {
      String want = switch (knob) {
        case ".speed" -> "a speed factor in [0.001, 1000]";
        case ".cores" -> "a whole core count from 1 to 1024";
        case ".dispatch_us" -> "microseconds >= 0";
        case "dram.gbps" -> "GB/s > 0";
        case "corun" -> "a slowdown in [0, 1000] (0.05 = 5 % slower while the other side runs)";
        default -> "a scale factor in [0, 1000]";
      };
      throw new IllegalArgumentException("what-if " + key + " expects " + want + ", got " + plain(v));
    }
  }

  /**
   * The profile with these changes; {@code p} itself when there are none. A unit or link the profile lacks is an
   * error naming the known keys and the profile's unit ids and links.
   */
  public SocProfile apply(SocProfile p) {
    if (isEmpty()) {
      return p;
    }
    SocProfile out = p;
    for (Map.Entry<String, Double> c : changes.entrySet()) {
      out = apply(out, c.getKey(), c.getValue());
    }
    List<String> notes = new ArrayList<>(p.notes() == null ? List.of() : p.notes());
    notes.add("what-if " + text() + " applied to " + p.name());
    out = new SocProfile(out.schema(), out.name(), out.description(), out.sources(), out.units(), out.links(),
        out.models(), out.costModels(), out.platform(), notes, out.coexec(), out.gpuQueue());
    ProfileIo.check(out, java.nio.file.Path.of("what-if:" + p.name()));
    return out;
  }

  private static SocProfile apply(SocProfile p, String key, double v) {
    String knob = knob(key);
    if (knob.equals("dram.gbps")) {
      SocProfile.PlatformSpec pl = p.platform() == null ? new SocProfile.PlatformSpec(null, null) : p.platform();
      return copy(p, p.units(), p.links(), p.models(), p.costModels(), new SocProfile.PlatformSpec(v,
          "what-if dram.gbps=" + plain(v) + " (was " + (pl.dramGbps() == null ? "unlimited" : plain(pl.dramGbps()))
          + ")", pl.dvfs(), pl.thermal(), pl.coRun()));
    }
    if (knob.equals("corun")) {
      SocProfile.PlatformSpec pl = p.platform() == null ? new SocProfile.PlatformSpec(null, null) : p.platform();
      String kind = key.substring(6);
      Map<String, Double> slow = new LinkedHashMap<>(pl.coRun() == null ? Map.of() : pl.coRun().slowdown());
      Double was = slow.put(kind, v);
      SocProfile.CoRunSpec c = new SocProfile.CoRunSpec(slow, pl.coRun() == null ? List.of() : pl.coRun().perFile(),
          "what-if " + key + "=" + plain(v) + " (was " + (was == null ? "none" : plain(was)) + ")");
      return copy(p, p.units(), p.links(), p.models(), p.costModels(), pl.withCoRun(c));
    }
    if (knob.equals("link.scale")) {
      String[] ft = key.substring(5, key.length() - 6).split("-");
      String link = ft[0] + "->" + ft[1];
      if (p.links() == null || !p.links().containsKey(link)) {
        throw unknown(p, key, "profile " + p.name() + " has no link " + link);
      }
      Map<String, SocProfile.LinkSpec> links = new LinkedHashMap<>(p.links());
      SocProfile.LinkSpec l = links.get(link);
      links.put(link, new SocProfile.LinkSpec(l.from(), l.to(), l.fixedUs() * v, l.usPerByte() * v,
          l.unknownShapeUs() * v, l.samples(), l.r2()));
      Map<String, SocProfile.ModelTable> models = mapModels(p, t -> t.copyUs() == null || !t.copyUs().containsKey(link)
          ? t : new SocProfile.ModelTable(t.runtime(), t.ops(), t.gpuUnsupported(), t.dispatchUs(),
          scaled(t.copyUs(), link, v), t.outputBytes(), t.tensorBytes()));
      return copy(p, p.units(), links, models, p.costModels(), p.platform());
    }
    String unit = key.substring(0, key.length() - knob.length());
    if (p.units().stream().noneMatch(u -> u.id().equals(unit))) {
      throw unknown(p, key, "profile " + p.name() + " has no unit '" + unit + "'");
    }
    return switch (knob) {
      case ".speed" -> WhatIfSpeed.apply(p, unit, v);
      case ".cores" -> cores(p, unit, (int) v);
      case ".dispatch_us" -> dispatch(p, unit, v);
      default -> power(p, unit, v);
    };
  }

  private static SocProfile cores(SocProfile p, String unit, int n) {
    SocProfile.UnitSpec u = p.unitSpec(unit);
    int most = u.threads().stream().mapToInt(Integer::intValue).max().orElse(1);
    boolean tables = p.models().values().stream().anyMatch(t -> t.ops() != null && t.ops().values().stream()
        .anyMatch(byUnit -> byUnit.containsKey(unit)));
    if (u.kind().equals("CPU") && tables && n < most && !u.threads().contains(n)) {
      throw new IllegalArgumentException("what-if " + unit + ".cores=" + n + ": profile " + p.name() + " holds "
          + unit + " latencies at " + u.threads() + " threads; choose one of them or " + most + " and more");
    }
    // A CPU cluster's power is per cluster and an op's dynamic share is its busy cores over the cluster's cores: the
    // figures scale with the cores, so a core's power stays as it was (more idle cores do not make work cheaper).
    SocProfile.PowerSpec w = u.power() != null ? u.power() : PlatformAssumptions.power(
        org.socsim.soc.UnitKind.valueOf(u.kind()), u.id(), PlatformAssumptions.NOT_IN_FILE);
    double f = (double) n / Math.max(1, u.cores());
    SocProfile.PowerSpec scaled = !u.kind().equals("CPU") || f == 1 ? u.power() : new SocProfile.PowerSpec(
        w.idleW() * f, w.staticW() * f, w.dynamicW() * f, w.source() + "; what-if " + unit + ".cores=" + n
        + " (power x " + plain(f) + ", per core unchanged)");
    return copy(p, replace(p, new SocProfile.UnitSpec(u.id(), u.kind(), n, u.streams(), u.dispatchUs(), u.threads(),
        scaled)), p.links(), p.models(), p.costModels(), p.platform());
  }

  private static SocProfile dispatch(SocProfile p, String unit, double us) {
    Map<String, SocProfile.ModelTable> models = mapModels(p, t -> t.dispatchUs() == null
        || !t.dispatchUs().containsKey(unit) ? t : new SocProfile.ModelTable(t.runtime(), t.ops(), t.gpuUnsupported(),
        replaced(t.dispatchUs(), unit, us), t.copyUs(), t.outputBytes(), t.tensorBytes()));
    Map<String, SocProfile.UnitCostSpec> cms = p.costModels();
    if (cms != null && cms.containsKey(unit)) {
      cms = new LinkedHashMap<>(cms);
      SocProfile.UnitCostSpec c = cms.get(unit);
      cms.put(unit, new SocProfile.UnitCostSpec(c.fits(), us, c.layers()));
    }
    return copy(p, replace(p, p.unitSpec(unit).withDispatchUs(us)), p.links(), models, cms, p.platform());
  }

  private static SocProfile power(SocProfile p, String unit, double f) {
    SocProfile.UnitSpec u = p.unitSpec(unit);
    SocProfile.PowerSpec w = u.power() != null ? u.power() : PlatformAssumptions.power(
        org.socsim.soc.UnitKind.valueOf(u.kind()), u.id(), PlatformAssumptions.NOT_IN_FILE);
    return copy(p, replace(p, u.withPower(new SocProfile.PowerSpec(w.idleW() * f, w.staticW() * f, w.dynamicW() * f,
        w.source() + "; what-if " + unit + ".power.scale=" + plain(f)))), p.links(), p.models(), p.costModels(),
        p.platform());
  }

  private static IllegalArgumentException unknown(SocProfile p, String key, String why) {
    List<String> links = p.links() == null ? List.of() : p.links().keySet().stream().map(k -> k.replace("->", "-"))
        .sorted().toList();
    return new IllegalArgumentException("what-if key '" + key + "': " + why + "; known keys: " + KEYS + "; units of "
        + p.name() + ": " + p.units().stream().map(SocProfile.UnitSpec::id).toList() + ", links: " + links);
  }

  static List<SocProfile.UnitSpec> replace(SocProfile p, SocProfile.UnitSpec u) {
    return p.units().stream().map(x -> x.id().equals(u.id()) ? u : x).toList();
  }

  static Map<String, SocProfile.ModelTable> mapModels(SocProfile p,
      java.util.function.UnaryOperator<SocProfile.ModelTable> f) {
    Map<String, SocProfile.ModelTable> out = new LinkedHashMap<>();
    p.models().forEach((m, t) -> out.put(m, f.apply(t)));
    return out;
  }

  private static Map<String, Double> scaled(Map<String, Double> m, String key, double f) {
    Map<String, Double> out = new LinkedHashMap<>(m);
    out.put(key, m.get(key) * f);
    return out;
  }

  private static Map<String, Double> replaced(Map<String, Double> m, String key, double v) {
    Map<String, Double> out = new LinkedHashMap<>(m);
    out.put(key, v);
    return out;
  }

  static SocProfile copy(SocProfile p, List<SocProfile.UnitSpec> units, Map<String, SocProfile.LinkSpec> links,
      Map<String, SocProfile.ModelTable> models, Map<String, SocProfile.UnitCostSpec> costModels,
      SocProfile.PlatformSpec platform) {
    return new SocProfile(p.schema(), p.name(), p.description(), p.sources(), units, links, models, costModels,
        platform, p.notes(), p.coexec(), p.gpuQueue());
  }

  static String plain(double v) {
    return v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) : Double.toString(v).toLowerCase(
        Locale.ROOT);
  }
}
