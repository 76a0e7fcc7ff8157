package org.socsim.scenario.archfixture;

/** Breaks the architecture on purpose (ArchitectureTest#eachRuleFailsOnAViolation): a scenario using the CLI. */
public final class ScenarioOnCli {
  org.socsim.cli.Main main;
}
