package org.socsim.engine;

import java.util.List;
import java.util.Map;

/**
 * How the platform behaves under load: shared DRAM bandwidth, DVFS governor, thermal throttling, power.
 *
 * @param dramBytesPerUs shared DRAM capacity (bytes per microsecond = MB/s); infinite = no contention
 * @param governor       frequency policy applied every {@code governorPeriodUs} to every unit
 * @param levels         normalised frequency steps (f / f_max) a governor may pick, ascending, ending at 1
 * @param thermal        lumped RC model with a trip point, or null
 * @param power          power model per unit index; units without one count no energy
 * @param coRun          per unit index, the slowdown {@code s} of its tasks while a unit on the other side of the
 *                       CPU/accelerator divide runs a task (shared memory, power headroom): they progress at
 *                       {@code 1 / (1 + s)} of their speed then; units without an entry are not slowed
 */
public record Dynamics(double dramBytesPerUs, Governor governor, double governorPeriodUs, List<Double> levels,
    Thermal thermal, Map<Integer, Power> power, Map<Integer, Double> coRun) {
  /** Dynamics without co-run interference. */
  public Dynamics(double dramBytesPerUs, Governor governor, double governorPeriodUs, List<Double> levels,
      Thermal thermal, Map<Integer, Power> power) {
    this(dramBytesPerUs, governor, governorPeriodUs, levels, thermal, power, Map.of());
  }

  public Dynamics {
    Map<Integer, Double> slowed = new java.util.HashMap<>();
    coRun.forEach((u, v) -> {
      if (!(v >= 0) || Double.isInfinite(v)) {
        throw new IllegalArgumentException("co-run slowdown must be finite and >= 0, got " + v);
      }
      if (v > 0) {
        slowed.put(u, v);
      }
    });
    coRun = Map.copyOf(slowed); // zero entries dropped: interferes() is a plain emptiness test on the hot path
    if (!(dramBytesPerUs > 0)) {
      throw new IllegalArgumentException("DRAM bandwidth must be > 0");
    }
    if (governorPeriodUs <= 0) {
      throw new IllegalArgumentException("governor period must be > 0");
    }
    levels = List.copyOf(levels);
    if (levels.isEmpty() || levels.get(levels.size() - 1) != 1.0) {
      throw new IllegalArgumentException("frequency levels must end at 1.0");
    }
    power = Map.copyOf(power);
  }

  /** Frequency policies. */
  public enum Governor {
    /** Always the highest allowed frequency. */
    PERFORMANCE,
    /** Always the lowest level. */
    POWERSAVE,
    /** Utilisation-driven (schedutil-like): the lowest level at or above 1.25 x last period's utilisation. */
    SCHEDUTIL
  }

  /**
   * One-node thermal RC: dT/dt = (P - (T - ambient) / R) / C. Above {@code tripC} every unit's frequency is capped at
   * {@code capLevel} until the temperature falls below the trip point again.
   */
  public record Thermal(double ambientC, double resistanceCPerW, double capacitanceJPerC, double tripC,
      double capLevel) {
  }

  /**
   * Power of a unit: {@code idleW} when idle; when busy {@code staticW + dynamicW * level^3 * busyShare} (dynamic power
   * ~ f V^2 ~ f^3; busyShare = busy cores / cores for a CPU cluster).
   */
  public record Power(double idleW, double staticW, double dynamicW) {
  }

  /** No contention, no DVFS, no thermal limit, no energy accounting. */
  public static Dynamics none() {
    return new Dynamics(Double.POSITIVE_INFINITY, Governor.PERFORMANCE, 10_000, List.of(1.0), null, Map.of());
  }

  /** Whether anything can change a running task's speed (if not, the engine keeps its fixed-duration fast path). */
  public boolean changesSpeed() {
    return Double.isFinite(dramBytesPerUs) || governor != Governor.PERFORMANCE || thermal != null || interferes();
  }

  /** Whether some unit is slowed while the other side of the CPU/accelerator divide runs. */
  public boolean interferes() {
    return !coRun.isEmpty();
  }

  /** The same dynamics with these co-run slowdowns (per unit index). */
  public Dynamics withCoRun(Map<Integer, Double> slowdowns) {
    return new Dynamics(dramBytesPerUs, governor, governorPeriodUs, levels, thermal, power, slowdowns);
  }

  /** The engines' view of {@link #coRun} for {@code soc}, or null when nothing interferes. */
  CoRun coRunOn(org.socsim.soc.Soc soc) {
    return interferes() ? new CoRun(soc, coRun) : null;
  }
}
