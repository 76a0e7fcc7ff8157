package org.socsim.engine;

import java.util.ArrayList;
import java.util.List;
import org.socsim.result.UnitStats;
import org.socsim.soc.Soc;
import org.socsim.soc.Unit;

/**
 * The units' resources during a run (free cores, busy streams) and their busy-time bookkeeping: busy time is the
 * union of running intervals, core-busy time the sum of duration x threads. Shared by the plan-driven and the
 * policy-driven event loops.
 */
final class UnitPool {
  private final Soc soc;
  final int n;
  final int[] freeCores;
  private final boolean[][] laneBusy;
  /** Tasks running on each unit. */
  final int[] running;
  private final double[] busySince;
  final double[] busyUs;
  private final double[] coreBusyUs;
  final int[] opCount;
  final int[] transferCount;

  UnitPool(Soc soc) {
    this.soc = soc;
    this.n = soc.units().size();
    freeCores = new int[n];
    laneBusy = new boolean[n][];
    running = new int[n];
    busySince = new double[n];
    busyUs = new double[n];
    coreBusyUs = new double[n];
    opCount = new int[n];
    transferCount = new int[n];
    for (int u = 0; u < n; u++) {
      Unit unit = soc.unit(u);
      freeCores[u] = unit.cores();
      laneBusy[u] = new boolean[unit.streams()];
    }
  }

  /** A free stream of unit {@code u} if {@code threads} cores are free too, else -1. */
  int freeLane(int u, int threads) {
    if (freeCores[u] < threads) {
      return -1;
    }
    boolean[] lanes = laneBusy[u];
    for (int i = 0; i < lanes.length; i++) {
      if (!lanes[i]) {
        return i;
      }
    }
    return -1;
  }

  void acquire(int u, int lane, int threads, double now) {
    laneBusy[u][lane] = true;
    freeCores[u] -= threads;
    if (running[u]++ == 0) {
      busySince[u] = now;
    }
  }

  void release(int u, int lane, int threads, double now, double took) {
    laneBusy[u][lane] = false;
    freeCores[u] += threads;
    if (--running[u] == 0) {
      busyUs[u] += now - busySince[u];
    }
    coreBusyUs[u] += took * threads;
  }

  /** Busy time of unit {@code u} up to {@code now}, the running interval included. */
  double busyUpTo(int u, double now) {
    return busyUs[u] + (running[u] > 0 ? now - busySince[u] : 0);
  }

  /** Share of a CPU cluster's cores that {@code threads} busy background threads occupy (0 on an accelerator). */
  double backgroundShare(int u, int threads) {
    Unit unit = soc.unit(u);
    return unit.isCpu() && threads > 0 ? Math.min(1.0, (double) threads / unit.cores()) : 0.0;
  }

  /** Share of the unit in use: busy cores / cores for a CPU cluster, 1 for an accelerator. */
  double busyShare(int u) {
    Unit unit = soc.unit(u);
    return unit.isCpu() ? (double) (unit.cores() - freeCores[u]) / unit.cores() : 1.0;
  }

  List<UnitStats> stats(double latencyUs, double[] energyJ, double[] peakBytes) {
    List<UnitStats> stats = new ArrayList<>();
    for (int u = 0; u < n; u++) {
      stats.add(new UnitStats(soc.unit(u).id(), busyUs[u], coreBusyUs[u],
          latencyUs > 0 ? busyUs[u] / latencyUs : 0.0, opCount[u], transferCount[u], energyJ[u] * 1000,
          peakBytes[u]));
    }
    return stats;
  }
}
