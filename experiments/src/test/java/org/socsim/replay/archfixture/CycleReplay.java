package org.socsim.replay.archfixture;

/** Breaks the architecture on purpose (ArchitectureTest#eachRuleFailsOnAViolation): half of a package cycle. */
public final class CycleReplay {
  org.socsim.bench.archfixture.CycleBench other;
}
