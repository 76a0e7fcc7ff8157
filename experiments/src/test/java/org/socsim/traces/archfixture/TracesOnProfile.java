package org.socsim.traces.archfixture;

/** Breaks the architecture on purpose (ArchitectureTest#eachRuleFailsOnAViolation): traces using soc-models. */
public final class TracesOnProfile {
  org.socsim.profile.SocProfile profile;
}
