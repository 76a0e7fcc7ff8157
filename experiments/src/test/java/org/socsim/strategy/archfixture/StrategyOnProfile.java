package org.socsim.strategy.archfixture;

/** Breaks the architecture on purpose (ArchitectureTest#eachRuleFailsOnAViolation): strategies using soc-models. */
public final class StrategyOnProfile {
  org.socsim.profile.SocProfile profile;
}
