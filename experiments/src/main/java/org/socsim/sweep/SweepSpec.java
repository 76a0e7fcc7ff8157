package org.socsim.sweep;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A sweep: the cartesian product of its axes, in a fixed order (soc, model, strategy, granularity, background,
 * governor, bandwidth, threads, seed, zero_copy, reuse_copies, thermal, slo_ms, options, what_if). YAML keys: {@code soc, model,
 * strategy} (required lists), {@code granularity, background, governor, bandwidth, threads, seed} (optional lists),
 * {@code zero_copy, reuse_copies, thermal} (optional lists of true/false), {@code slo_ms} (optional list; a value
 * is one objective in ms or, for a multi-DNN model, comma-separated objectives in model order), {@code requests,
 * rate} (optional numbers), {@code options} (optional list; a value is the strategy's typed options,
 * {@code name=value[;name=value]}, as {@code socsim run -O}), {@code what_if} (optional list; a value is a what-if
 * SoC as {@code socsim run --what-if}, {@code KEY=VALUE[,KEY=VALUE]}; "" = the profile as it is). An axis among
 * zero_copy, reuse_copies, thermal, slo_ms, options, what_if that the spec does not name is
 * null in the points: it is off, and it adds no result column (outputs of specs without these axes are unchanged).
 */
public record SweepSpec(List<String> soc, List<String> model, List<String> strategy, List<String> granularity,
    List<String> background, List<String> governor, List<Double> bandwidth, List<Integer> threads, List<Long> seed,
    int requests, double rate, List<Boolean> zeroCopy, List<Boolean> reuseCopies, List<Boolean> thermal,
    List<String> sloMs, List<String> options, List<String> whatIf) {

  /** Axes a spec may leave out without adding result columns, with their YAML keys. */
  public static final List<String> OPTIONAL_AXES = List.of("zero_copy", "reuse_copies", "thermal", "slo_ms",
      "options", "what_if");

  /** A spec without the what_if axis. */
  public SweepSpec(List<String> soc, List<String> model, List<String> strategy, List<String> granularity,
      List<String> background, List<String> governor, List<Double> bandwidth, List<Integer> threads, List<Long> seed,
      int requests, double rate, List<Boolean> zeroCopy, List<Boolean> reuseCopies, List<Boolean> thermal,
      List<String> sloMs, List<String> options) {
    this(soc, model, strategy, granularity, background, governor, bandwidth, threads, seed, requests, rate, zeroCopy,
        reuseCopies, thermal, sloMs, options, java.util.Collections.singletonList(null));
  }

  /**
   * One point of the sweep. {@code bandwidth} 0 = the profile's default. {@code zeroCopy, reuseCopies, thermal,
   * sloMs, options, whatIf}: null when the spec does not name the axis (off; no column).
   */
  public record Point(int index, String soc, String model, String strategy, String granularity, String background,
      String governor, double bandwidth, int threads, long seed, int requests, double rate, Boolean zeroCopy,
      Boolean reuseCopies, Boolean thermal, String sloMs, String options, String whatIf) {

    /** A point without a what-if. */
    public Point(int index, String soc, String model, String strategy, String granularity, String background,
        String governor, double bandwidth, int threads, long seed, int requests, double rate, Boolean zeroCopy,
        Boolean reuseCopies, Boolean thermal, String sloMs, String options) {
      this(index, soc, model, strategy, granularity, background, governor, bandwidth, threads, seed, requests, rate,
          zeroCopy, reuseCopies, thermal, sloMs, options, null);
    }

    /** A point without strategy options. */
    public Point(int index, String soc, String model, String strategy, String granularity, String background,
        String governor, double bandwidth, int threads, long seed, int requests, double rate, Boolean zeroCopy,
        Boolean reuseCopies, Boolean thermal, String sloMs) {
      this(index, soc, model, strategy, granularity, background, governor, bandwidth, threads, seed, requests, rate,
          zeroCopy, reuseCopies, thermal, sloMs, null);
    }

    /** A point of the original axes only. */
    public Point(int index, String soc, String model, String strategy, String granularity, String background,
        String governor, double bandwidth, int threads, long seed, int requests, double rate) {
      this(index, soc, model, strategy, granularity, background, governor, bandwidth, threads, seed, requests, rate,
          null, null, null, null, null);
    }

    public String key() {
      StringBuilder b = new StringBuilder(String.join("|", soc, model, strategy, granularity, background, governor,
          Double.toString(bandwidth), Integer.toString(threads), Long.toString(seed), Integer.toString(requests),
          Double.toString(rate)));
      optional().forEach((k, v) -> b.append('|').append(k).append('=').append(v));
      return b.toString();
    }

    /** The optional axes this point names, by YAML key, in {@link #OPTIONAL_AXES} order. */
    public java.util.Map<String, Object> optional() {
      java.util.Map<String, Object> m = new java.util.LinkedHashMap<>();
      if (zeroCopy != null) {
        m.put("zero_copy", zeroCopy);
      }
      if (reuseCopies != null) {
        m.put("reuse_copies", reuseCopies);
      }
      if (thermal != null) {
        m.put("thermal", thermal);
      }
      if (sloMs != null) {
        m.put("slo_ms", sloMs);
      }
      if (options != null) {
        m.put("options", options);
      }
      if (whatIf != null) {
        m.put("what_if", whatIf);
      }
      return m;
    }

    /** The record form, with the optional axes only when named (so sweep fingerprints of older specs hold). */
    @Override
    public String toString() {
      StringBuilder b = new StringBuilder("Point[index=" + index + ", soc=" + soc + ", model=" + model
          + ", strategy=" + strategy + ", granularity=" + granularity + ", background=" + background + ", governor="
          + governor + ", bandwidth=" + bandwidth + ", threads=" + threads + ", seed=" + seed + ", requests="
          + requests + ", rate=" + rate);
      optional().forEach((k, v) -> b.append(", ").append(k).append('=').append(v));
      return b.append(']').toString();
    }
  }

  public List<Point> points() {
    List<Point> out = new ArrayList<>();
    for (String s : soc) {
      for (String m : model) {
        for (String st : strategy) {
          for (String g : granularity) {
            for (String b : background) {
              for (String gov : governor) {
                for (double bw : bandwidth) {
                  for (int t : threads) {
                    for (long sd : seed) {
                      for (Boolean zc : zeroCopy) {
                        for (Boolean rc : reuseCopies) {
                          for (Boolean th : thermal) {
                            for (String slo : sloMs) {
                              for (String op : options) {
                                for (String wi : whatIf) {
                                  out.add(new Point(out.size(), s, m, st, g, b, gov, bw, t, sd, requests, rate, zc,
                                      rc, th, slo, op, wi));
                                }
                              }
                            }
                          }
                        }
                      }
                    }
                  }
                }
              }
            }
          }
        }
      }
    }
    return out;
  }

  /** Reads a spec, checked as a whole before any point runs ({@link SpecReader}). */
  public static SweepSpec read(Path file) {
    return SpecReader.read(file);
  }

  /** "; did you mean X?" for the closest known name by edit distance, or empty. */
  public static String closest(String s, List<String> known) {
    return SpecReader.closest(s, known);
  }

  static int lineOf(Path file, String token) {
    return SpecReader.lineOf(file, token);
  }
}
