package org.socsim.scenario;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import org.socsim.engine.Dynamics;
import org.socsim.profile.PlatformAssumptions;
import org.socsim.profile.SocProfile;
import org.socsim.soc.Soc;
import org.socsim.soc.Unit;

/**
 * Builds the run's {@link Dynamics} from the profile and command-line flags. Unit power, frequency levels, the
 * governor period and the thermal node are profile data (each with its source; today the assumed typical phone
 * figures of {@link PlatformAssumptions}, as the shared traces hold no power or temperature measurements).
 * DRAM bandwidth defaults to unlimited; published figures for some SoCs are in
 * ../shared/traces/published/soc_specs.csv (Snapdragon 855: 34.13 GB/s).
 */
public final class Platform {
  private Platform() {
  }

  /** The dynamics of a run on {@code soc} (units matched to the profile's by id) with the profile's figures. */
  public static Dynamics dynamics(SocProfile profile, Soc soc, Double bandwidthGbps, String governor,
      boolean thermal) {
    SocProfile p = PlatformAssumptions.complete(profile, PlatformAssumptions.NOT_IN_FILE);
    Map<String, SocProfile.PowerSpec> byId = new HashMap<>();
    p.units().forEach(u -> byId.put(u.id(), u.power()));
    return build(soc, byId, p.platform(), bandwidthGbps, governor, thermal);
  }

  /**
   * The dynamics of a run on {@code soc} for a caller without its profile: the figures of a profile that has none
   * of its own ({@link PlatformAssumptions}).
   */
  public static Dynamics dynamics(Soc soc, Double bandwidthGbps, String governor, boolean thermal) {
    String src = PlatformAssumptions.NOT_IN_FILE;
    return build(soc, Map.of(), new SocProfile.PlatformSpec(null, null, PlatformAssumptions.dvfs(src),
        PlatformAssumptions.thermal(src)), bandwidthGbps, governor, thermal);
  }

  private static Dynamics build(Soc soc, Map<String, SocProfile.PowerSpec> powerById, SocProfile.PlatformSpec pl,
      Double bandwidthGbps, String governor, boolean thermal) {
    double dram = Double.POSITIVE_INFINITY;
    if (bandwidthGbps != null) {
      if (!(bandwidthGbps > 0)) {
        throw new IllegalArgumentException("--bandwidth must be > 0 GB/s, got " + bandwidthGbps);
      }
      dram = bandwidthGbps * 1000.0; // GB/s = 1000 bytes per microsecond
    }
    Dynamics.Governor g;
    try {
      g = Dynamics.Governor.valueOf(governor.toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("--governor must be performance, powersave or schedutil, got '" + governor
          + "'");
    }
    Map<Integer, Dynamics.Power> power = new HashMap<>();
    for (Unit u : soc.units()) {
      SocProfile.PowerSpec w = powerById.get(u.id());
      if (w == null) {
        w = PlatformAssumptions.power(u.kind(), u.id(), PlatformAssumptions.NOT_IN_FILE);
      }
      power.put(u.index(), new Dynamics.Power(w.idleW(), w.staticW(), w.dynamicW()));
    }
    SocProfile.ThermalSpec t = pl.thermal();
    Dynamics.Thermal th = thermal ? new Dynamics.Thermal(t.ambientC(), t.resistanceCPerW(), t.capacitanceJPerC(),
        t.tripC(), t.capLevel()) : null;
    return new Dynamics(dram, g, pl.dvfs().governorPeriodUs(), pl.dvfs().levels(), th, power,
        pl.coRun() == null ? Map.of() : pl.coRun().byUnit(soc));
  }
}
