package org.socsim.profile.archfixture;

/** Breaks the architecture on purpose (ArchitectureTest#eachRuleFailsOnAViolation): soc-models using strategies. */
public final class ProfileOnStrategy {
  org.socsim.strategy.Strategy strategy;
}
