package org.socsim.engine;

import java.util.Map;

/**
 * What runs besides (and around) one inference: a stream of inference requests, UI rendering on a unit, and
 * background threads on CPU clusters.
 *
 * @param requests         inferences to run (1 = a single inference)
 * @param periodUs         arrival period of requests; 0 = back to back (the next arrives when the previous ends)
 * @param ui               UI rendering, or null
 * @param backgroundThreads per unit index: busy background threads sharing that cluster's cores with the ops
 */
public record Workload(int requests, double periodUs, Ui ui, Map<Integer, Integer> backgroundThreads) {
  public Workload {
    if (requests < 1) {
      throw new IllegalArgumentException("requests must be >= 1");
    }
    if (periodUs < 0) {
      throw new IllegalArgumentException("request period must be >= 0");
    }
    backgroundThreads = Map.copyOf(backgroundThreads);
  }

  /**
   * UI rendering: at every vsync (every {@code periodUs}) one job of {@code frameUs} is submitted to {@code unit}'s
   * queue; a frame whose job ends after the next vsync is dropped.
   */
  public record Ui(int unit, double periodUs, double frameUs) {
    public Ui {
      if (periodUs <= 0 || frameUs < 0) {
        throw new IllegalArgumentException("UI period must be > 0 and frame cost >= 0");
      }
    }
  }

  public static Workload single() {
    return new Workload(1, 0, null, Map.of());
  }
}
