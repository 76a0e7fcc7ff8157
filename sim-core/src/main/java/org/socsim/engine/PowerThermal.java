package org.socsim.engine;

import java.util.Arrays;

/**
 * Power, energy, temperature and frequency levels of a run: integrates each unit's power (idle, or static +
 * dynamic x level^3 x busy share, background threads' cores included) into energy, and at each governor period
 * updates the one-node thermal model, the thermal cap and every unit's frequency level.
 */
final class PowerThermal {
  private final Dynamics dynamics;
  private final UnitPool units;
  /** Frequency level (f / f_max) per unit. */
  final double[] level;
  final double[] energyJ;
  private double cap = 1.0;
  private double lastAccount;
  private final double[] busyAtTick;
  private double energyAtTick;
  private double tempC;
  private double peakTempC = Double.NaN;

  /** Busy background threads per unit (they draw power on their cluster's cores whether or not ops run). */
  private final java.util.Map<Integer, Integer> background;

  PowerThermal(Dynamics dynamics, UnitPool units) {
    this(dynamics, units, java.util.Map.of());
  }

  PowerThermal(Dynamics dynamics, UnitPool units, java.util.Map<Integer, Integer> background) {
    this.dynamics = dynamics;
    this.units = units;
    this.background = background;
    level = new double[units.n];
    energyJ = new double[units.n];
    busyAtTick = new double[units.n];
    // powersave holds the lowest level from the start; performance and schedutil start at f_max (schedutil: the
    // device is assumed busy just before the run, and re-picks its level from the first period's utilisation)
    Arrays.fill(level, dynamics.governor() == Dynamics.Governor.POWERSAVE && !dynamics.levels().isEmpty()
        ? dynamics.levels().get(0) : 1.0);
    if (dynamics.thermal() != null) {
      tempC = dynamics.thermal().ambientC();
      peakTempC = tempC;
    }
  }

  /** Whether governor periods must be simulated (a governor other than performance, or a thermal model). */
  boolean ticks() {
    return dynamics.changesSpeed() && (dynamics.governor() != Dynamics.Governor.PERFORMANCE
        || dynamics.thermal() != null);
  }

  /** Energy of every unit up to {@code now} at its current state. */
  void account(double now) {
    if (dynamics.power().isEmpty()) {
      return;
    }
    double dt = (now - lastAccount) / 1e6;
    if (dt > 0) {
      for (int u = 0; u < units.n; u++) {
        Dynamics.Power p = dynamics.power().get(u);
        if (p != null) {
          double bg = units.backgroundShare(u, background.getOrDefault(u, 0));
          if (units.running[u] == 0 && bg == 0) {
            energyJ[u] += p.idleW() * dt;
          } else {
            double share = Math.min(1.0, units.busyShare(u) + bg); // an idle CPU cluster's busy share is 0
            energyJ[u] += (p.staticW() + p.dynamicW() * level[u] * level[u] * level[u] * share) * dt;
          }
        }
      }
    }
    lastAccount = Math.max(lastAccount, now);
  }

  /**
   * Takes back the idle energy accounted past {@code end}, the run's last task (a governor tick after it accounted
   * up to the tick): every unit is idle then.
   */
  void trimTo(double end) {
    if (dynamics.power().isEmpty() || !(lastAccount > end)) {
      return;
    }
    double dt = (lastAccount - end) / 1e6;
    for (int u = 0; u < units.n; u++) {
      Dynamics.Power p = dynamics.power().get(u);
      if (p != null) {
        energyJ[u] -= p.idleW() * dt;
      }
    }
    lastAccount = end;
  }

  /** A governor period ending at {@code now} (energy already accounted): temperature, cap, new levels. */
  void tick(double now) {
    double period = dynamics.governorPeriodUs();
    double energy = Arrays.stream(energyJ).sum();
    Dynamics.Thermal th = dynamics.thermal();
    if (th != null) {
      double watts = (energy - energyAtTick) / (period / 1e6);
      tempC += (period / 1e6) * (watts - (tempC - th.ambientC()) / th.resistanceCPerW()) / th.capacitanceJPerC();
      peakTempC = Math.max(peakTempC, tempC);
      cap = tempC >= th.tripC() ? th.capLevel() : 1.0;
    }
    energyAtTick = energy;
    for (int u = 0; u < units.n; u++) {
      double busy = units.busyUpTo(u, now);
      double util = Math.min(1.0, (busy - busyAtTick[u]) / period);
      busyAtTick[u] = busy;
      double want = switch (dynamics.governor()) {
        case PERFORMANCE -> 1.0;
        case POWERSAVE -> dynamics.levels().get(0);
        case SCHEDUTIL -> pick(1.25 * util);
      };
      level[u] = Math.min(want, Math.max(cap, dynamics.levels().get(0)));
    }
  }

  private double pick(double atLeast) {
    for (double l : dynamics.levels()) {
      if (l >= atLeast - 1e-12) {
        return l;
      }
    }
    return 1.0;
  }

  double totalMj() {
    double total = 0;
    for (int u = 0; u < units.n; u++) {
      total += energyJ[u] * 1000;
    }
    return total;
  }

  double tempC() {
    return tempC;
  }

  double peakTempC() {
    return peakTempC;
  }
}
