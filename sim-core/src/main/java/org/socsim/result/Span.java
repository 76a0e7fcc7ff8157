package org.socsim.result;

/**
 * One interval of work on a unit's lane.
 *
 * @param unit   unit index
 * @param lane   stream slot on the unit (0 for single-stream units)
 * @param name   op name, or a transfer label
 * @param kind   {@code op} or {@code transfer}
 * @param startUs start time
 * @param durUs  duration
 * @param threads cores held
 */
public record Span(int unit, int lane, String name, String kind, double startUs, double durUs, int threads) {
  public double endUs() {
    return startUs + durUs;
  }
}
