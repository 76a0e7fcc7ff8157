package org.socsim.result;

import java.util.ArrayList;
import java.util.List;

/**
 * What a trace shows beside the spans: dependency arrows (flows), counter samples and instants. Collected by the
 * engine while it records a timeline.
 */
public final class Marks {
  /**
   * An arrow from a span on one track to a span on another (a cross-unit dependency or a copy).
   *
   * @param fromUnit unit of the source span; {@code fromLane} its lane; {@code fromUs} a time inside it (its start)
   */
  public record Flow(int fromUnit, int fromLane, double fromUs, int toUnit, int toLane, double toUs, String name) {
  }

  /** One sample of a counter track ({@code dram MB/s}, {@code level gpu}, {@code temperature C}, {@code queue cpu}). */
  public record Counter(String track, double atUs, double value) {
  }

  /** A moment: a request arriving, a dropped frame, a missed objective. */
  public record Instant(String name, String kind, double atUs) {
  }

  final List<Flow> flows = new ArrayList<>();
  final List<Counter> counters = new ArrayList<>();
  final List<Instant> instants = new ArrayList<>();

  public void flow(int fromUnit, int fromLane, double fromUs, int toUnit, int toLane, double toUs, String name) {
    flows.add(new Flow(fromUnit, fromLane, fromUs, toUnit, toLane, toUs, name));
  }

  public void counter(String track, double atUs, double value) {
    counters.add(new Counter(track, atUs, value));
  }

  public void instant(String name, String kind, double atUs) {
    instants.add(new Instant(name, kind, atUs));
  }

  public List<Flow> flows() {
    return List.copyOf(flows);
  }

  public List<Counter> counters() {
    return List.copyOf(counters);
  }

  public List<Instant> instants() {
    return List.copyOf(instants);
  }
}
