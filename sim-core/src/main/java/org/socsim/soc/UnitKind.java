package org.socsim.soc;

/** The closed family of processing-unit kinds a SoC can have. */
public enum UnitKind {
  CPU, GPU, NPU, DSP;

  private final String id = name().toLowerCase(java.util.Locale.ROOT);

  /** Lower-case name as used in unit ids and strategy names ({@code solo-gpu}). */
  public String id() {
    return id;
  }
}
