package org.socsim.scenario.archfixture;

/** Breaks the architecture on purpose (ArchitectureTest#eachRuleFailsOnAViolation): a scenario using a study. */
public final class ScenarioOnStudy {
  org.socsim.study.Study study;
}
