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
 * governor, bandwidth, threads, seed). YAML keys: {@code soc, model, strategy} (required lists), {@code granularity,
 * background, governor, bandwidth, threads, seed} (optional lists), {@code requests, rate} (optional numbers).
 */
public record SweepSpec(List<String> soc, List<String> model, List<String> strategy, List<String> granularity,
    List<String> background, List<String> governor, List<Double> bandwidth, List<Integer> threads, List<Long> seed,
    int requests, double rate) {

  /** One point of the sweep. {@code bandwidth} 0 = the profile's default. */
  public record Point(int index, String soc, String model, String strategy, String granularity, String background,
      String governor, double bandwidth, int threads, long seed, int requests, double rate) {
    public String key() {
      return String.join("|", soc, model, strategy, granularity, background, governor, Double.toString(bandwidth),
          Integer.toString(threads), Long.toString(seed), Integer.toString(requests), Double.toString(rate));
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
                      out.add(new Point(out.size(), s, m, st, g, b, gov, bw, t, sd, requests, rate));
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
          "requests", "rate").contains(k)) {
        throw new TraceFormatException(file, 0, "unknown sweep key '" + k + "' (expected soc, model, strategy,"
            + " granularity, background, governor, bandwidth, threads, seed, requests, rate)");
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
        strings(file, n, "threads", "4").stream().map(s -> (int) number(file, "threads", s)).toList(),
        strings(file, n, "seed", "1").stream().map(s -> (long) number(file, "seed", s)).toList(),
        (int) number(file, "requests", n.path("requests").asText("1")),
        number(file, "rate", n.path("rate").asText("0")));
  }

  /** 1-based line of the spec that mentions {@code token}, or 0. */
  static int lineOf(Path file, String token) {
    try {
      List<String> lines = Files.readAllLines(file);
      for (int i = 0; i < lines.size(); i++) {
        if (lines.get(i).matches(".*(^|[\\s\\[,:-])" + java.util.regex.Pattern.quote(token) + "($|[\\s\\],]).*")) {
          return i + 1;
        }
      }
    } catch (IOException e) {
      return 0;
    }
    return 0;
  }

  /** "; did you mean X?" for the closest known name by edit distance, or empty. */
  static String closest(String s, List<String> known) {
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

  private static List<String> strings(Path file, JsonNode n, String key, String dflt) {
    JsonNode v = n.get(key);
    if (v == null || v.isNull()) {
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
