package org.socsim.engine;

import java.util.Arrays;

/**
 * Speeds of running tasks: DRAM bandwidth shared max-min fairly among their demands (bytes over solo duration),
 * each task progressing at 1 / max(1 / frequency level, demand / allocation) (a roofline: a task is slowed by
 * whichever of compute and memory it is short of). Pure functions, no state.
 */
final class RateModel {
  private RateModel() {
  }

  /**
   * Max-min fair shares of {@code capacity} (bytes per us): tasks with the smallest demand are served in full
   * first, the rest split what is left equally. Tasks with no demand get 0.
   */
  static double[] allocate(double[] demand, double capacity) {
    int n = demand.length;
    Integer[] byDemand = new Integer[n];
    int users = 0;
    for (int k = 0; k < n; k++) {
      byDemand[k] = k;
      users += demand[k] > 0 ? 1 : 0;
    }
    Arrays.sort(byDemand, (a, b) -> Double.compare(demand[a], demand[b]));
    double[] alloc = new double[n];
    double left = capacity;
    for (int idx : byDemand) {
      if (demand[idx] <= 0) {
        continue;
      }
      double share = left / users;
      alloc[idx] = Math.min(demand[idx], share);
      left -= alloc[idx];
      users--;
    }
    return alloc;
  }

  /** Progress rate (work per us relative to solo) of a task at frequency {@code level} given its memory share. */
  static double rate(double level, double demand, double alloc) {
    double slow = 1.0 / level;
    if (demand > 0 && alloc < demand) {
      slow = Math.max(slow, demand / alloc);
    }
    return 1.0 / slow;
  }
}
