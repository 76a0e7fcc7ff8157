package org.socsim.result;

import java.io.IOException;
import java.io.Writer;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/** Spans of a run, writable as Chrome trace-event JSON (opens in Perfetto and chrome://tracing). */
public final class Timeline {
  private final List<String> unitIds;
  private final List<Span> spans;

  public Timeline(List<String> unitIds, List<Span> spans) {
    this.unitIds = List.copyOf(unitIds);
    List<Span> sorted = new ArrayList<>(spans);
    sorted.sort(Comparator.comparingDouble(Span::startUs).thenComparingInt(Span::unit)
        .thenComparingInt(Span::lane));
    this.spans = List.copyOf(sorted);
  }

  public List<Span> spans() {
    return spans;
  }

  public List<String> unitIds() {
    return unitIds;
  }

  /**
   * Writes {@code {"traceEvents":[...]}}: one process per run, one thread (track) per unit lane, one complete
   * ({@code "ph":"X"}) event per span with microsecond timestamps.
   *
   * @param meta extra key/values put under {@code "metadata"} (model, soc, strategy...)
   */
  public void writeChromeTrace(Writer out, Map<String, String> meta) throws IOException {
    out.write("{\"displayTimeUnit\":\"ms\",\"metadata\":{");
    boolean first = true;
    for (Map.Entry<String, String> e : new TreeMap<>(meta).entrySet()) {
      out.write((first ? "" : ",") + quote(e.getKey()) + ":" + quote(e.getValue()));
      first = false;
    }
    out.write("},\"traceEvents\":[\n");
    out.write("{\"ph\":\"M\",\"pid\":1,\"tid\":0,\"name\":\"process_name\",\"args\":{\"name\":"
        + quote(meta.getOrDefault("soc", "soc")) + "}}");
    TreeMap<Integer, String> tracks = new TreeMap<>();
    for (Span s : spans) {
      tracks.putIfAbsent(tid(s), unitIds.get(s.unit()) + (s.lane() > 0 ? " #" + s.lane() : ""));
    }
    for (Map.Entry<Integer, String> t : tracks.entrySet()) {
      out.write(",\n{\"ph\":\"M\",\"pid\":1,\"tid\":" + t.getKey() + ",\"name\":\"thread_name\",\"args\":{\"name\":"
          + quote(t.getValue()) + "}}");
      out.write(",\n{\"ph\":\"M\",\"pid\":1,\"tid\":" + t.getKey()
          + ",\"name\":\"thread_sort_index\",\"args\":{\"sort_index\":" + t.getKey() + "}}");
    }
    for (Span s : spans) {
      out.write(",\n{\"ph\":\"X\",\"pid\":1,\"tid\":" + tid(s) + ",\"name\":" + quote(s.name())
          + ",\"cat\":" + quote(s.kind()) + ",\"ts\":" + num(s.startUs()) + ",\"dur\":" + num(s.durUs())
          + ",\"args\":{\"unit\":" + quote(unitIds.get(s.unit())) + ",\"threads\":" + s.threads() + "}}");
    }
    out.write("\n]}\n");
  }

  private static int tid(Span s) {
    return s.unit() * 100 + s.lane() + 1;
  }

  /** Fixed-point with 3 decimals (nanosecond resolution): stable text for byte-identical outputs. */
  static String num(double v) {
    return String.format(Locale.ROOT, "%.3f", v);
  }

  static String quote(String s) {
    StringBuilder b = new StringBuilder(s.length() + 2).append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> b.append("\\\"");
        case '\\' -> b.append("\\\\");
        case '\n' -> b.append("\\n");
        case '\r' -> b.append("\\r");
        case '\t' -> b.append("\\t");
        default -> {
          if (c < 0x20) {
            b.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
          } else {
            b.append(c);
          }
        }
      }
    }
    return b.append('"').toString();
  }
}
