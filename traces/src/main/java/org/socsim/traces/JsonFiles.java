package org.socsim.traces;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Reads JSON trace files, turning parse and shape problems into {@link TraceFormatException}s. */
public final class JsonFiles {
  /** Trailing content after the JSON value (a torn or concatenated file) is an error, not ignored. */
  private static final ObjectMapper MAPPER = new ObjectMapper().enable(
      com.fasterxml.jackson.databind.DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

  private JsonFiles() {
  }

  public static JsonNode read(Path file) {
    if (!Files.isRegularFile(file)) {
      throw new TraceFormatException(file, 0, "file not found (expected a readable JSON file)");
    }
    try {
      return MAPPER.readTree(file.toFile());
    } catch (JsonProcessingException e) {
      int line = e.getLocation() == null ? 0 : e.getLocation().getLineNr();
      throw new TraceFormatException(file, line, "expected valid JSON: " + e.getOriginalMessage().split("\n")[0]
          .replaceFirst("\\s*\\(start marker at .*$", ""));
    } catch (IOException e) {
      throw new TraceFormatException(file, 0, "cannot read: " + e.getMessage());
    }
  }

  /** A required numeric field. */
  public static double number(Path file, JsonNode node, String field, String where) {
    JsonNode v = node.get(field);
    if (v == null || !v.isNumber()) {
      throw new TraceFormatException(file, 0, "expected a number '" + field + "' in " + where);
    }
    // Every number in the measurement files (times, bytes, shapes, counts, fractions, spreads) is >= 0.
    double d = v.asDouble();
    if (!Double.isFinite(d) || d < 0) {
      throw new TraceFormatException(file, 0, "expected a finite number >= 0 for '" + field + "' in " + where
          + ", found " + v.asText());
    }
    return d;
  }

  public static String text(Path file, JsonNode node, String field, String where) {
    JsonNode v = node.get(field);
    if (v == null || !v.isTextual()) {
      throw new TraceFormatException(file, 0, "expected a string '" + field + "' in " + where);
    }
    return v.asText();
  }

  /** Bytes per element of the measurement files' float32 tensors. */
  public static final int ELEM_BYTES = 4;

  /** {@code node.field.median_ms}, within {@code min_ms} and {@code max_ms} when they are given. */
  public static double medianMs(Path file, JsonNode node, String field, String where) {
    JsonNode v = node.get(field);
    if (v == null || !v.isObject()) {
      throw new TraceFormatException(file, 0, "expected an object '" + field + "' with median_ms in " + where);
    }
    return median(file, v, where + "." + field);
  }

  /** {@code node.median_ms}, with {@code min_ms <= median_ms <= max_ms} when both bounds are given. */
  public static double median(Path file, JsonNode node, String where) {
    double m = number(file, node, "median_ms", where);
    if (node.has("min_ms") && node.has("max_ms")) {
      double lo = number(file, node, "min_ms", where);
      double hi = number(file, node, "max_ms", where);
      if (!(lo <= m && m <= hi)) {
        throw new TraceFormatException(file, 0, "expected min_ms <= median_ms <= max_ms in " + where + ", found " + lo
            + ", " + m + ", " + hi);
      }
    }
    return m;
  }
}
