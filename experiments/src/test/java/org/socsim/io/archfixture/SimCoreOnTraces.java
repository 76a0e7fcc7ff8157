package org.socsim.io.archfixture;

/** Breaks the architecture on purpose (ArchitectureTest#eachRuleFailsOnAViolation): sim-core using traces. */
public final class SimCoreOnTraces {
  org.socsim.traces.TraceFormatException error;
}
