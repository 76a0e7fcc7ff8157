package org.socsim.sweep.archfixture;

/** Breaks the architecture on purpose (ArchitectureTest#eachRuleFailsOnAViolation): a sweep using the CLI. */
public final class SweepOnCli {
  org.socsim.cli.Main main;
}
