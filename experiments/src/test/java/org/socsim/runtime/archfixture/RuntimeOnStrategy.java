package org.socsim.runtime.archfixture;

/** Breaks the architecture on purpose (ArchitectureTest#eachRuleFailsOnAViolation): sim-core using strategies. */
public final class RuntimeOnStrategy {
  org.socsim.strategy.Strategy strategy;
}
