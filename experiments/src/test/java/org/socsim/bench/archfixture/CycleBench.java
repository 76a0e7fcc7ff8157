package org.socsim.bench.archfixture;

/** Breaks the architecture on purpose (ArchitectureTest#eachRuleFailsOnAViolation): half of a package cycle. */
public final class CycleBench {
  org.socsim.replay.archfixture.CycleReplay other;
}
