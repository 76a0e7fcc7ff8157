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
    return new SweepSpec(strings(file, n, "soc", null), strings(file, n, "model", null),
        strings(file, n, "strategy", null), strings(file, n, "granularity", "op"),
        strings(file, n, "background", ""), strings(file, n, "governor", "performance"),
        strings(file, n, "bandwidth", "0").stream().map(s -> number(file, "bandwidth", s)).toList(),
        strings(file, n, "threads", "4").stream().map(s -> (int) number(file, "threads", s)).toList(),
        strings(file, n, "seed", "1").stream().map(s -> (long) number(file, "seed", s)).toList(),
        (int) number(file, "requests", n.path("requests").asText("1")),
        number(file, "rate", n.path("rate").asText("0")));
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
