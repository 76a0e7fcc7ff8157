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
  private final List<Marks.Flow> flows;
  private final List<Marks.Counter> counters;
  private final List<Marks.Instant> instants;

  public Timeline(List<String> unitIds, List<Span> spans) {
    this(unitIds, spans, new Marks());
  }

  /** Span order: start, then unit, then lane (one comparator, not a chain: a trace sorts tens of thousands). */
  private static final Comparator<Span> BY_START = (a, b) -> {
    int c = Double.compare(a.startUs(), b.startUs());
    if (c != 0) {
      return c;
    }
    c = Integer.compare(a.unit(), b.unit());
    return c != 0 ? c : Integer.compare(a.lane(), b.lane());
  };

  /** Spans plus the engine's flows, counter samples and instants (in the order recorded: time order). */
  public Timeline(List<String> unitIds, List<Span> spans, Marks marks) {
    this.unitIds = List.copyOf(unitIds);
    List<Span> sorted = new ArrayList<>(spans);
    sorted.sort(BY_START);
    this.spans = java.util.Collections.unmodifiableList(sorted); // private copy, never changed after the sort
    this.flows = marks.flows();
    this.counters = marks.counters();
    List<Marks.Instant> in = new ArrayList<>(marks.instants());
    in.sort(Comparator.comparingDouble(Marks.Instant::atUs)); // stable: same-time instants keep their order
    this.instants = List.copyOf(in);
  }

  /** This timeline with more instants (e.g. objectives missed, known only after the run). */
  public Timeline withInstants(List<Marks.Instant> more) {
    Marks m = new Marks();
    m.flows.addAll(flows);
    m.counters.addAll(counters);
    m.instants.addAll(instants);
    m.instants.addAll(more);
    return new Timeline(unitIds, spans, m);
  }

  public List<Marks.Flow> flows() {
    return flows;
  }

  public List<Marks.Counter> counters() {
    return counters;
  }

  public List<Marks.Instant> instants() {
    return instants;
  }

  public List<Span> spans() {
    return spans;
  }

  public List<String> unitIds() {
    return unitIds;
  }

  /**
   * Writes {@code {"traceEvents":[...]}}: one process per run, one thread (track) per unit lane, one complete
   * ({@code "ph":"X"}) event per span with microsecond timestamps; then flow arrows ({@code "ph":"s"/"f"}, bound to
   * the spans they start and end in), counter tracks ({@code "ph":"C"}) and process-wide instants
   * ({@code "ph":"i"}).
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
          + ",\"cat\":" + quote(s.kind()) + ",\"ts\":" + num(s.startUs())
          + ",\"dur\":" + dur(s)
          + ",\"args\":{\"unit\":" + quote(unitIds.get(s.unit())) + ",\"threads\":" + s.threads() + "}}");
    }
    int id = 0;
    for (Marks.Flow f : flows) {
      id++;
      out.write(",\n{\"ph\":\"s\",\"id\":" + id + ",\"pid\":1,\"tid\":" + tid(f.fromUnit(), f.fromLane())
          + ",\"ts\":" + num(f.fromUs()) + ",\"name\":" + quote(f.name()) + ",\"cat\":\"dependency\"}");
      out.write(",\n{\"ph\":\"f\",\"bp\":\"e\",\"id\":" + id + ",\"pid\":1,\"tid\":" + tid(f.toUnit(), f.toLane())
          + ",\"ts\":" + num(f.toUs()) + ",\"name\":" + quote(f.name()) + ",\"cat\":\"dependency\"}");
    }
    for (Marks.Counter c : counters) {
      out.write(",\n{\"ph\":\"C\",\"pid\":1,\"name\":" + quote(c.track()) + ",\"ts\":" + num(c.atUs())
          + ",\"args\":{\"value\":" + num(c.value()) + "}}");
    }
    for (Marks.Instant i : instants) {
      out.write(",\n{\"ph\":\"i\",\"s\":\"p\",\"pid\":1,\"tid\":0,\"name\":" + quote(i.name()) + ",\"cat\":"
          + quote(i.kind()) + ",\"ts\":" + num(i.atUs()) + "}");
    }
    out.write("\n]}\n");
  }

  private static int tid(Span s) {
    return tid(s.unit(), s.lane());
  }

  private static int tid(int unit, int lane) {
    return unit * 100 + lane + 1;
  }

  /**
   * A span's duration as the difference of its rounded end and rounded start, so that a span that ends where the
   * next one on its track starts does not overlap it by a rounding step (Perfetto nests slices of one track).
   */
  static String dur(Span s) {
    long a = Math.round(s.startUs() * 1000);
    long b = Math.round((s.startUs() + s.durUs()) * 1000);
    return num((b - a) / 1000.0);
  }

  /** Fixed-point with 3 decimals (nanosecond resolution): stable text for byte-identical outputs. */
  static String num(double v) {
    // rounded like dur(): spans, flows and instants at one time print the same text
    return String.format(Locale.ROOT, "%.3f", Math.round(v * 1000) / 1000.0);
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
