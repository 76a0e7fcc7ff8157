package org.socsim.profile;

import java.util.ArrayList;
import java.util.List;
import org.socsim.soc.UnitKind;

/**
 * The one table of ASSUMED power, frequency-scaling and thermal figures. The shared traces hold no power or
 * temperature measurements, so every calibrator writes these typical phone figures into the profiles it builds
 * (each object marked with its {@code source}), and a profile file without them (written before they were stored)
 * is read with the same figures, its source saying so. A profile file may carry its own figures instead.
 *
 * <table>
 *   <caption>Unit power, watts (the engine's model: idle when idle; busy static + dynamic x level^3 x busy share)
 *   </caption>
 *   <tr><th>unit</th><th>idle_w</th><th>static_w</th><th>dynamic_w (at f_max)</th></tr>
 *   <tr><td>CPU big cluster (a CPU unit whose id does not contain "little")</td><td>0.05</td><td>0.2</td>
 *       <td>2.0</td></tr>
 *   <tr><td>CPU LITTLE cluster (id contains "little")</td><td>0.02</td><td>0.05</td><td>0.5</td></tr>
 *   <tr><td>GPU</td><td>0.05</td><td>0.2</td><td>2.5</td></tr>
 *   <tr><td>NPU, DSP</td><td>0.02</td><td>0.1</td><td>1.0</td></tr>
 * </table>
 *
 * <p>Frequency levels 0.3, 0.45, 0.6, 0.75, 0.9, 1.0 of f_max; a governor picks one every 10 ms. Thermal node:
 * 25 C ambient, 10 C/W, 2 J/C, trip point 45 C, frequency cap 0.6 of f_max above it. These are phone figures:
 * the h100-server and desktop profiles carry them too (a run only uses them with --governor / --thermal, and its
 * energy figures), which their source makes plain.
 */
public final class PlatformAssumptions {
  /** Source of the figures a calibrator writes. */
  public static final String CALIBRATED = "assumed typical phone figures (the traces hold no power or temperature"
      + " measurements)";
  /** Source of the figures filled in for a profile file that has none. */
  public static final String NOT_IN_FILE = "assumed typical phone figures (the profile file has none)";

  static final List<Double> LEVELS = List.of(0.3, 0.45, 0.6, 0.75, 0.9, 1.0);
  static final double GOVERNOR_PERIOD_US = 10_000;

  private PlatformAssumptions() {
  }

  /** The assumed power of a unit of this kind ({@code CPU}, {@code GPU}, {@code NPU}, {@code DSP}) and id. */
  public static SocProfile.PowerSpec power(UnitKind kind, String unitId, String source) {
    return switch (kind) {
      case CPU -> unitId.contains("little") ? new SocProfile.PowerSpec(0.02, 0.05, 0.5, source)
          : new SocProfile.PowerSpec(0.05, 0.2, 2.0, source);
      case GPU -> new SocProfile.PowerSpec(0.05, 0.2, 2.5, source);
      case NPU, DSP -> new SocProfile.PowerSpec(0.02, 0.1, 1.0, source);
    };
  }

  public static SocProfile.DvfsSpec dvfs(String source) {
    return new SocProfile.DvfsSpec(LEVELS, GOVERNOR_PERIOD_US, source);
  }

  public static SocProfile.ThermalSpec thermal(String source) {
    return new SocProfile.ThermalSpec(25, 10, 2, 45, 0.6, source);
  }

  /**
   * {@code p} with the assumed figures wherever it has none (a unit without power, a platform without frequency
   * levels or thermal node), marked with {@code source}; {@code p} itself when it lacks nothing.
   */
  public static SocProfile complete(SocProfile p, String source) {
    List<SocProfile.UnitSpec> units = new ArrayList<>();
    boolean changed = false;
    for (SocProfile.UnitSpec u : p.units()) {
      if (u.power() == null) {
        u = u.withPower(power(UnitKind.valueOf(u.kind()), u.id(), source));
        changed = true;
      }
      units.add(u);
    }
    SocProfile.PlatformSpec pl = p.platform() == null ? new SocProfile.PlatformSpec(null, null) : p.platform();
    if (pl.dvfs() == null || pl.thermal() == null) {
      pl = new SocProfile.PlatformSpec(pl.dramGbps(), pl.source(), pl.dvfs() == null ? dvfs(source) : pl.dvfs(),
          pl.thermal() == null ? thermal(source) : pl.thermal(), pl.coRun());
      changed = true;
    }
    if (!changed) {
      return p;
    }
    return new SocProfile(p.schema(), p.name(), p.description(), p.sources(), units, p.links(), p.models(),
        p.costModels(), pl, p.notes(), p.coexec(), p.gpuQueue());
  }
}
