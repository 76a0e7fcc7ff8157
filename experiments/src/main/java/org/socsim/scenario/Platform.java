package org.socsim.scenario;

import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.socsim.engine.Dynamics;
import org.socsim.soc.Soc;
import org.socsim.soc.Unit;

/**
 * Builds the run's {@link Dynamics} from command-line flags. Power, frequency levels and the thermal node are
 * ASSUMED typical phone figures (the shared traces hold no power or temperature measurements): CPU big cluster
 * idle 0.05 W / static 0.2 W / dynamic 2.0 W at f_max, LITTLE 0.02 / 0.05 / 0.5 W, GPU 0.05 / 0.2 / 2.5 W, NPU
 * 0.02 / 0.1 / 1.0 W; levels 0.3-1.0 of f_max; thermal node 25 C ambient, 10 C/W, 2 J/C, trip 45 C, cap 0.6.
 * DRAM bandwidth defaults to unlimited; published figures for some SoCs are in
 * ../shared/traces/published/soc_specs.csv (Snapdragon 855: 34.13 GB/s).
 */
public final class Platform {
  static final List<Double> LEVELS = List.of(0.3, 0.45, 0.6, 0.75, 0.9, 1.0);
  static final double GOVERNOR_PERIOD_US = 10_000;

  private Platform() {
  }

  public static Dynamics dynamics(Soc soc, Double bandwidthGbps, String governor, boolean thermal) {
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
      power.put(u.index(), switch (u.kind()) {
        case CPU -> u.id().contains("little") ? new Dynamics.Power(0.02, 0.05, 0.5) : new Dynamics.Power(0.05, 0.2, 2.0);
        case GPU -> new Dynamics.Power(0.05, 0.2, 2.5);
        case NPU, DSP -> new Dynamics.Power(0.02, 0.1, 1.0);
      });
    }
    Dynamics.Thermal th = thermal ? new Dynamics.Thermal(25, 10, 2, 45, 0.6) : null;
    return new Dynamics(dram, g, GOVERNOR_PERIOD_US, LEVELS, th, power);
  }
}
