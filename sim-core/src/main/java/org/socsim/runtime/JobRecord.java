package org.socsim.runtime;

/**
 * What happened to one job in a policy-driven run.
 *
 * @param placement unit index each op ran on
 * @param fallback  per op: whether the policy's unit could not run it and the engine fell back
 */
public record JobRecord(Job job, double finishUs, int[] placement, boolean[] fallback, int[] startOrder) {
  public double latencyUs() {
    return finishUs - job.arrivalUs();
  }

  public boolean sloMet() {
    return !job.hasSlo() || latencyUs() <= job.sloUs();
  }
}
