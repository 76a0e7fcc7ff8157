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

/** Reads and checks a sweep spec (YAML) as a whole, before any point runs: every error names the spec's line. */
final class SpecReader {
  private SpecReader() {
  }

  static SweepSpec read(Path file) {
    if (!Files.isRegularFile(file)) {
      throw new TraceFormatException(file, 0, "sweep spec not found");
    }
    JsonNode n;
    try {
      n = new ObjectMapper(new YAMLFactory()).enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
          .enable(com.fasterxml.jackson.core.JsonParser.Feature.STRICT_DUPLICATE_DETECTION).readTree(file.toFile());
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
      if (!KEYS.contains(k)) {
        throw new TraceFormatException(file, lineOf(file, k + ":"), "unknown sweep key '" + k + "'" + closest(k,
            KEYS) + " (expected soc, model, strategy,"
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
    checkModels(file, strings(file, n, "model", null), strings(file, n, "soc", null));
    for (String g : strings(file, n, "granularity", "op")) {
      check(file, "granularity", g, () -> org.socsim.strategy.Granularity.check(g));
    }
    for (String b : strings(file, n, "background", "")) {
      check(file, "background", b, () -> org.socsim.scenario.Background.check(b));
    }
    for (String g : strings(file, n, "governor", "performance")) {
      check(file, "governor", g, () -> {
        try {
          org.socsim.engine.Dynamics.Governor.valueOf(g.toUpperCase(java.util.Locale.ROOT));
        } catch (IllegalArgumentException e) {
          throw new IllegalArgumentException("expected performance, powersave or schedutil, got '" + g + "'");
        }
      });
    }
    for (String b : strings(file, n, "bandwidth", "0")) {
      double v = number(file, "bandwidth", b);
      if (!(v >= 0 && v < Double.POSITIVE_INFINITY)) {
        throw new TraceFormatException(file, lineOf(file, "bandwidth", b), "expected finite bandwidths >= 0 GB/s"
            + " (0 = the profile's figure) for 'bandwidth', found " + b);
      }
    }
    for (String v : strings(file, n, "seed", "1")) {
      double d = number(file, "seed", v);
      if (d != Math.rint(d) || Math.abs(d) > 9.0e15) {
        throw new TraceFormatException(file, lineOf(file, "seed", v), "expected whole seeds for 'seed', found " + v);
      }
    }
    double requests = number(file, "requests", scalar(file, n, "requests", "1"));
    if (!(requests >= 1 && requests <= org.socsim.scenario.Scenarios.MAX_REQUESTS && requests == Math.rint(
        requests))) {
      throw new TraceFormatException(file, lineOf(file, "requests:"), "expected a whole number of requests from 1 to "
          + org.socsim.scenario.Scenarios.MAX_REQUESTS + " for 'requests', found " + n.path("requests").asText());
    }
    double rate = number(file, "rate", scalar(file, n, "rate", "0"));
    if (!(rate >= 0 && rate < Double.POSITIVE_INFINITY)) {
      throw new TraceFormatException(file, lineOf(file, "rate:"), "expected a finite rate >= 0 Hz (0 = back to"
          + " back) for 'rate', found " + n.path("rate").asText());
    }
    return new SweepSpec(strings(file, n, "soc", null), strings(file, n, "model", null),
        strings(file, n, "strategy", null), strings(file, n, "granularity", "op"),
        strings(file, n, "background", ""), strings(file, n, "governor", "performance"),
        strings(file, n, "bandwidth", "0").stream().map(s -> number(file, "bandwidth", s)).toList(),
        threads(file, n),
        strings(file, n, "seed", "1").stream().map(s -> (long) number(file, "seed", s)).toList(),
        (int) number(file, "requests", scalar(file, n, "requests", "1")),
        number(file, "rate", scalar(file, n, "rate", "0")), flags(file, n, "zero_copy"),
        flags(file, n, "reuse_copies"), flags(file, n, "thermal"), slos(file, n),
        options(file, n, strings(file, n, "strategy", null)),
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

  static final List<String> KEYS = List.of("soc", "model", "strategy", "granularity", "background", "governor",
      "bandwidth", "threads", "seed", "requests", "rate", "zero_copy", "reuse_copies", "thermal", "slo_ms", "options",
      "what_if");

  /** A value the scenario pipeline would refuse at every point: refused here, at its line, before any point runs. */
  private static void check(Path file, String key, String value, Runnable check) {
    try {
      check.run();
    } catch (IllegalArgumentException e) {
      throw new TraceFormatException(file, lineOf(file, key, value), "'" + key + "': " + e.getMessage());
    }
  }

  /**
   * Every model must be something a point can load: a graph file that exists, a shared ONNX or ncnn graph, or a
   * model one of the spec's socs measured (a model only some socs measured gives n/a rows on the others).
   */
  private static void checkModels(Path file, List<String> models, List<String> socs) {
    java.util.Set<String> known = new java.util.TreeSet<>();
    for (String soc : socs) {
      known.addAll(org.socsim.profile.ProfileIo.load(soc).models().keySet());
    }
    known.addAll(org.socsim.scenario.Workbench.onnxFiles().keySet());
    org.socsim.scenario.Workbench.ncnnFiles().keySet().forEach(m -> {
      known.add(m);
      known.add("ncnn:" + m);
    });
    for (String entry : models) {
      for (String m : entry.split(",")) {
        String name = m.strip();
        boolean path = name.endsWith(".dot") || name.endsWith(".onnx") || name.endsWith(".param")
            || name.contains("/");
        if (path ? !Files.isRegularFile(Path.of(name)) : !known.contains(name)) {
          throw new TraceFormatException(file, lineOf(file, "model", name), "unknown model '" + name + "'" + (path
              ? ": no such graph file" : closest(name, List.copyOf(known)) + " (none of the spec's socs measured it"
              + " and no shared graph has that name)"));
        }
        if (path) {
          // a graph file a point cannot read would fail every point: read it now (its own file:line error)
          org.socsim.scenario.Workbench.readGraphFile(Path.of(name));
        }
      }
    }
  }

  /** The line naming {@code value}, else the line of {@code key:}. */
  static int lineOf(Path file, String key, String value) {
    int l = value.isEmpty() ? 0 : lineOf(file, value);
    return l > 0 ? l : lineOf(file, key + ":");
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

  /**
   * The options axis: [null] when not named; each value {@code name=value[;name=value]}: every name must be an
   * option of at least one of the spec's strategies (a strategy without it gives n/a rows, as documented), and its
   * value must parse for each strategy that has it.
   */
  private static List<String> options(Path file, JsonNode n, List<String> strategies) {
    if (n.get("options") == null || n.get("options").isNull()) {
      return java.util.Collections.singletonList(null);
    }
    List<String> out = new ArrayList<>();
    for (String v : strings(file, n, "options", null)) {
      java.util.Map<String, String> texts;
      try {
        texts = org.socsim.strategy.StrategyOptions.texts(v);
      } catch (IllegalArgumentException e) {
        throw new TraceFormatException(file, lineOf(file, v), "expected name=value[;name=value] for 'options', found '"
            + v + "'");
      }
      texts.forEach((name, value) -> {
        List<String> names = new ArrayList<>();
        boolean declared = false;
        for (String st : strategies) {
          org.socsim.strategy.Strategy strategy = org.socsim.strategy.Strategies.byName(st);
          for (org.socsim.strategy.StrategyOption<?> o : strategy.options()) {
            if (!o.fromText()) {
              if (o.name().equals(name)) {
                throw new TraceFormatException(file, lineOf(file, v), "'options': option '" + name + "' of strategy "
                    + st + " is set by the command line (e.g. run --" + name + "), not as text");
              }
              continue;
            }
            names.add(o.name());
            if (o.name().equals(name)) {
              declared = true;
              try {
                o.parse(st, value);
              } catch (IllegalArgumentException e) {
                throw new TraceFormatException(file, lineOf(file, v), "'options': " + e.getMessage());
              }
            }
          }
        }
        if (!declared) {
          throw new TraceFormatException(file, lineOf(file, v), "'options': no strategy of the spec (" + String.join(
              ", ", strategies) + ") has an option '" + name + "'" + closest(name, names) + (names.isEmpty() ? ""
              : " (their options: " + String.join(", ", new java.util.TreeSet<>(names)) + ")"));
        }
      });
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
    return org.socsim.profile.ProfileIo.didYouMean(s, known);
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
      throw new TraceFormatException(file, lineOf(file, key + ":"), "expected at least one value for '" + key + "'");
    }
    return List.copyOf(out);
  }

  /** A one-value key (requests, rate): its text, {@code dflt} when absent; a list is an error (not an axis). */
  private static String scalar(Path file, JsonNode n, String key, String dflt) {
    JsonNode v = n.get(key);
    if (v == null || v.isNull()) {
      return dflt;
    }
    if (!v.isValueNode()) {
      throw new TraceFormatException(file, lineOf(file, key + ":"), "expected one number for '" + key + "' (it is"
          + " one value per sweep, not an axis: run one sweep per value), found " + (v.isArray() ? "a list" : "a"
          + " mapping"));
    }
    return v.asText();
  }

  private static double number(Path file, String key, String s) {
    try {
      return Double.parseDouble(s);
    } catch (NumberFormatException e) {
      throw new TraceFormatException(file, lineOf(file, key, s), "expected a number for '" + key + "', found '" + s
          + "'");
    }
  }
}
