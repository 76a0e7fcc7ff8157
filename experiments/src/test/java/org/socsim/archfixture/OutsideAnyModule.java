package org.socsim.archfixture;

/** Breaks the architecture on purpose (ArchitectureTest#eachRuleFailsOnAViolation): a package of no module. */
public final class OutsideAnyModule {
}
