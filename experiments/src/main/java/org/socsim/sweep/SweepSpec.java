package org.socsim.sweep;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.socsim.traces.TraceFormatException;

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

  public static SweepSpec read(Path file) {
    if (!Files.isRegularFile(file)) {
      throw new TraceFormatException(file, 0, "sweep spec not found");
    }
    JsonNode n;
    try {
      n = new ObjectMapper(new YAMLFactory()).enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS).readTree(
          file.toFile());
    } catch (JsonProcessingException e) {
      int line = e.getLocation() == null ? 0 : e.getLocation().getLineNr();
      throw new TraceFormatException(file, line, "expected a YAML mapping of sweep axes: "
          + e.getOriginalMessage().split("\n")[0]);
    } catch (IOException e) {
      throw new TraceFormatException(file, 0, "cannot read: " + e.getMessage());
    }
    if (n == null || !n.isObject()) {
      throw new TraceFormatException(file, 1, "expected a YAML mapping with soc, model and strategy lists");
    }
    for (var it = n.fieldNames(); it.hasNext(); ) {
      String k = it.next();
      if (!List.of("soc", "model", "strategy", "granularity", "background", "governor", "bandwidth", "threads", "seed",
          "requests", "rate", "zero_copy", "reuse_copies", "thermal", "slo_ms", "options", "what_if").contains(k)) {
        throw new TraceFormatException(file, 0, "unknown sweep key '" + k + "' (expected soc, model, strategy,"
            + " granularity, background, governor, bandwidth, threads, seed, requests, rate, zero_copy,"
            + " reuse_copies, thermal, slo_ms, options, what_if)");
      }
    }
    List<String> known = org.socsim.strategy.Strategies.all().stream().map(org.socsim.strategy.Strategy::name)
        .toList();
    for (String st : strings(file, n, "strategy", null)) {
      if (!known.contains(st)) {
        throw new TraceFormatException(file, lineOf(file, st), "unknown strategy '" + st + "'" + closest(st, known)
            + " (socsim list strategies)");
      }
    }
    List<String> socs = org.socsim.profile.ProfileIo.bundled();
    for (String soc : strings(file, n, "soc", null)) {
      boolean path = soc.endsWith(".json") || soc.contains("/");
      if (path ? !Files.isRegularFile(Path.of(soc)) : !socs.contains(soc)) {
        throw new TraceFormatException(file, lineOf(file, soc), "unknown soc '" + soc + "'"
            + (path ? ": no such profile file" : closest(soc, socs)) + " (socsim list socs)");
      }
    }
    return new SweepSpec(strings(file, n, "soc", null), strings(file, n, "model", null),
        strings(file, n, "strategy", null), strings(file, n, "granularity", "op"),
        strings(file, n, "background", ""), strings(file, n, "governor", "performance"),
        strings(file, n, "bandwidth", "0").stream().map(s -> number(file, "bandwidth", s)).toList(),
        threads(file, n),
        strings(file, n, "seed", "1").stream().map(s -> (long) number(file, "seed", s)).toList(),
        (int) number(file, "requests", n.path("requests").asText("1")),
        number(file, "rate", n.path("rate").asText("0")), flags(file, n, "zero_copy"),
        flags(file, n, "reuse_copies"), flags(file, n, "thermal"), slos(file, n), options(file, n),
        whatIfs(file, n));
  }

  /**
   * The what_if axis: [null] when not named; each value {@code KEY=VALUE[,KEY=VALUE]} checked for form (which
   * units a point's SoC has is checked when the point runs: a SoC without the unit makes the point n/a).
   */
  private static List<String> whatIfs(Path file, JsonNode n) {
    if (n.get("what_if") == null || n.get("what_if").isNull()) {
      return java.util.Collections.singletonList(null);
    }
    List<String> out = new ArrayList<>();
    for (String v : strings(file, n, "what_if", null)) {
      try {
        org.socsim.profile.WhatIf.parse(v);
      } catch (IllegalArgumentException e) {
        throw new TraceFormatException(file, lineOf(file, v.isBlank() ? "what_if:" : v.strip()),
            "expected KEY=VALUE[,KEY=VALUE] for 'what_if': " + e.getMessage());
      }
      out.add(v.strip());
    }
    return List.copyOf(out);
  }

  /** An optional true/false axis: [null] when the spec does not name it. */
  private static List<Boolean> flags(Path file, JsonNode n, String key) {
    if (n.get(key) == null || n.get(key).isNull()) {
      return java.util.Collections.singletonList(null);
    }
    return strings(file, n, key, null).stream().map(s -> switch (s.strip().toLowerCase(java.util.Locale.ROOT)) {
      case "true" -> Boolean.TRUE;
      case "false" -> Boolean.FALSE;
      default -> throw new TraceFormatException(file, lineOf(file, s), "expected true or false for '" + key
          + "', found '" + s + "'");
    }).toList();
  }

  /** The options axis: [null] when not named; each value {@code name=value[;name=value]}, checked for form. */
  private static List<String> options(Path file, JsonNode n) {
    if (n.get("options") == null || n.get("options").isNull()) {
      return java.util.Collections.singletonList(null);
    }
    List<String> out = new ArrayList<>();
    for (String v : strings(file, n, "options", null)) {
      try {
        org.socsim.strategy.StrategyOptions.texts(v);
      } catch (IllegalArgumentException e) {
        throw new TraceFormatException(file, lineOf(file, v), "expected name=value[;name=value] for 'options', found '"
            + v + "'");
      }
      out.add(v.strip());
    }
    return out;
  }

  /** The slo_ms axis: [null] when not named; each value one or several comma-separated positive numbers. */
  private static List<String> slos(Path file, JsonNode n) {
    if (n.get("slo_ms") == null || n.get("slo_ms").isNull()) {
      return java.util.Collections.singletonList(null);
    }
    List<String> out = new ArrayList<>();
    for (String v : strings(file, n, "slo_ms", null)) {
      String norm = v.replace(" ", "");
      for (String x : norm.split(",", -1)) {
        if (!(number(file, "slo_ms", x) > 0)) {
          throw new TraceFormatException(file, lineOf(file, v), "expected positive SLOs in ms for 'slo_ms', found '"
              + v + "'");
        }
      }
      out.add(norm);
    }
    return List.copyOf(out);
  }

  /** 1-based line of the spec that mentions {@code token}, or 0. */
  static int lineOf(Path file, String token) {
    try {
      List<String> lines = Files.readAllLines(file);
      for (int i = 0; i < lines.size(); i++) {
        if (lines.get(i).matches(".*(^|[\\s\\[,:\"'-])" + java.util.regex.Pattern.quote(token)
            + "($|[\\s\\],\"']).*")) {
          return i + 1;
        }
      }
    } catch (IOException e) {
      return 0;
    }
    return 0;
  }

  /** "; did you mean X?" for the closest known name by edit distance, or empty (also the CLI's usage errors). */
  public static String closest(String s, List<String> known) {
    String best = null;
    int bd = Integer.MAX_VALUE;
    for (String k : known) {
      int d = distance(s, k);
      if (d < bd) {
        bd = d;
        best = k;
      }
    }
    return best != null && bd <= Math.max(2, s.length() / 3) ? "; did you mean '" + best + "'?" : "";
  }

  private static int distance(String a, String b) {
    int[] prev = new int[b.length() + 1];
    int[] cur = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) {
      prev[j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      cur[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        cur[j] = Math.min(Math.min(cur[j - 1], prev[j]) + 1, prev[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1));
      }
      int[] t = prev;
      prev = cur;
      cur = t;
    }
    return prev[b.length()];
  }

  /**
   * The threads axis: explicit counts must be >= 1; without the key, the scenario default (4, or the largest CPU
   * cluster when it is smaller), written into each row as the count that ran.
   */
  private static List<Integer> threads(Path file, JsonNode n) {
    if (n.get("threads") == null) {
      return List.of(org.socsim.scenario.Scenarios.DEFAULT_THREADS);
    }
    List<Integer> out = new ArrayList<>();
    for (String v : strings(file, n, "threads", null)) {
      double t = number(file, "threads", v);
      if (!(t >= 1 && t <= 1024 && t == Math.rint(t))) {
        throw new TraceFormatException(file, lineOf(file, "threads:"), "expected whole thread counts from 1 to 1024,"
            + " found " + v);
      }
      out.add((int) t);
    }
    return List.copyOf(out);
  }

  private static List<String> strings(Path file, JsonNode n, String key, String dflt) {
    JsonNode v = n.get(key);
    if (v != null && v.isNull()) {
      // "threads:" with nothing after it: a value was meant, none was given
      throw new TraceFormatException(file, SweepSpec.lineOf(file, key + ":"), "expected a value or a list for '"
          + key + "', found nothing");
    }
    if (v == null) {
      if (dflt == null) {
        throw new TraceFormatException(file, 0, "expected a list '" + key + "'");
      }
      return List.of(dflt);
    }
    List<String> out = new ArrayList<>();
    if (v.isArray()) {
      v.forEach(x -> out.add(x.isNull() ? "" : x.asText()));
    } else {
      out.add(v.asText());
    }
    if (out.isEmpty()) {
      throw new TraceFormatException(file, 0, "expected at least one value for '" + key + "'");
    }
    return List.copyOf(out);
  }

  private static double number(Path file, String key, String s) {
    try {
      return Double.parseDouble(s);
    } catch (NumberFormatException e) {
      throw new TraceFormatException(file, 0, "expected a number for '" + key + "', found '" + s + "'");
    }
  }
}
