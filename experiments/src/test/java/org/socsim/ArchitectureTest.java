package org.socsim;

import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideOutsideOfPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Module and package layering (issue 13), checked on the main classes of every module (experiments' test
 * classpath sees them all). Modules own packages: sim-core {@code graph soc plan engine result io runtime},
 * traces {@code traces}, soc-models {@code profile}, strategies {@code strategy}, experiments
 * {@code cli scenario sweep study replay bench}; dependencies point one way, experiments -> strategies ->
 * soc-models -> traces -> sim-core, except that strategies needs only sim-core. Maven already refuses most of
 * these at compile time (a module cannot see what it does not depend on); the rules also hold when a pom gains a
 * dependency, and they are the only guard inside experiments. {@link #eachRuleFailsOnAViolation} proves each rule
 * can fail, on classes under {@code org.socsim.<package>.archfixture} in this module's tests that break it.
 */
class ArchitectureTest {
  static final String[] SIM_CORE = {"org.socsim.graph..", "org.socsim.soc..", "org.socsim.plan..",
      "org.socsim.engine..", "org.socsim.result..", "org.socsim.io..", "org.socsim.runtime.."};
  static final String[] TRACES = {"org.socsim.traces.."};
  static final String[] SOC_MODELS = {"org.socsim.profile.."};
  static final String[] STRATEGIES = {"org.socsim.strategy.."};
  static final String[] EXPERIMENTS = {"org.socsim.cli..", "org.socsim.scenario..", "org.socsim.sweep..",
      "org.socsim.study..", "org.socsim.replay..", "org.socsim.bench.."};

  static final ArchRule EVERY_PACKAGE_IN_A_MODULE = classes().that().resideInAPackage("org.socsim..")
      .should().resideInAnyPackage(all(SIM_CORE, TRACES, SOC_MODELS, STRATEGIES, EXPERIMENTS))
      .because("every package belongs to one module, so that the rules below cover it (add a new one here)");

  static final ArchRule SIM_CORE_ON_NO_OTHER_MODULE = onlyOn(SIM_CORE, SIM_CORE)
      .because("sim-core (graph, soc, plan, engine, result, io, runtime) is the base every module builds on");

  static final ArchRule TRACES_ON_SIM_CORE_ONLY = onlyOn(TRACES, all(SIM_CORE, TRACES))
      .because("traces reads input formats into sim-core's types and knows nothing of profiles or strategies");

  static final ArchRule SOC_MODELS_NOT_ON_STRATEGIES_OR_EXPERIMENTS = noClasses().that()
      .resideInAnyPackage(SOC_MODELS).should().dependOnClassesThat().resideInAnyPackage(all(STRATEGIES, EXPERIMENTS))
      .because("soc-models (org.socsim.profile) calibrates SoCs from traces; strategies and experiments use it");

  static final ArchRule STRATEGIES_NOT_ON_PROFILE_TRACES_OR_EXPERIMENTS = noClasses().that()
      .resideInAnyPackage(STRATEGIES).should().dependOnClassesThat()
      .resideInAnyPackage(all(SOC_MODELS, TRACES, EXPERIMENTS))
      .because("strategies plan on sim-core's Soc, graph and cost model alone (co-execution costs come with the Soc)");

  static final ArchRule SWEEP_AND_SCENARIO_NOT_ON_CLI = noClasses().that()
      .resideInAnyPackage("org.socsim.sweep..", "org.socsim.scenario..").should().dependOnClassesThat()
      .resideInAPackage("org.socsim.cli..")
      .because("the command line is the outermost layer: it calls sweeps and scenarios, never the reverse");

  static final ArchRule SCENARIO_NOT_ON_SWEEP_OR_STUDY = noClasses().that().resideInAPackage("org.socsim.scenario..")
      .should().dependOnClassesThat().resideInAnyPackage("org.socsim.sweep..", "org.socsim.study..")
      .because("a scenario is one run; sweeps and studies are made of scenarios");

  static final ArchRule NO_PACKAGE_CYCLES = slices().matching("org.socsim.(*)..").should().beFreeOfCycles()
      .because("top-level packages form a hierarchy");

  static final List<ArchRule> RULES = List.of(EVERY_PACKAGE_IN_A_MODULE, SIM_CORE_ON_NO_OTHER_MODULE,
      TRACES_ON_SIM_CORE_ONLY, SOC_MODELS_NOT_ON_STRATEGIES_OR_EXPERIMENTS,
      STRATEGIES_NOT_ON_PROFILE_TRACES_OR_EXPERIMENTS, SWEEP_AND_SCENARIO_NOT_ON_CLI, SCENARIO_NOT_ON_SWEEP_OR_STUDY,
      NO_PACKAGE_CYCLES);

  private static JavaClasses main;

  @BeforeAll
  static void importMainClasses() {
    main = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
        .importPackages("org.socsim");
    // the rules are only as good as the import: every module's main classes must be in it
    for (String c : List.of("org.socsim.engine.Simulation", "org.socsim.io.AtomicFiles",
        "org.socsim.traces.TraceFormatException", "org.socsim.profile.SocProfile", "org.socsim.strategy.Strategy",
        "org.socsim.cli.Main", "org.socsim.scenario.Platform")) {
      assertTrue(main.contain(c), c + " not imported");
    }
    assertTrue(main.stream().noneMatch(c -> c.getPackageName().contains(".archfixture")), "test classes imported");
  }

  @Test
  void everyPackageBelongsToAModule() {
    EVERY_PACKAGE_IN_A_MODULE.check(main);
  }

  @Test
  void simCoreDependsOnNoOtherModule() {
    SIM_CORE_ON_NO_OTHER_MODULE.check(main);
  }

  @Test
  void tracesDependsOnSimCoreOnly() {
    TRACES_ON_SIM_CORE_ONLY.check(main);
  }

  @Test
  void socModelsDependsNeitherOnStrategiesNorOnExperiments() {
    SOC_MODELS_NOT_ON_STRATEGIES_OR_EXPERIMENTS.check(main);
  }

  @Test
  void strategiesDependNeitherOnProfilesTracesNorExperiments() {
    STRATEGIES_NOT_ON_PROFILE_TRACES_OR_EXPERIMENTS.check(main);
  }

  @Test
  void sweepAndScenarioNeverUseTheCommandLine() {
    SWEEP_AND_SCENARIO_NOT_ON_CLI.check(main);
  }

  @Test
  void scenarioNeverUsesSweepOrStudy() {
    SCENARIO_NOT_ON_SWEEP_OR_STUDY.check(main);
  }

  @Test
  void noPackageCycles() {
    NO_PACKAGE_CYCLES.check(main);
  }

  @Test
  void eachRuleFailsOnAViolation() {
    violated(EVERY_PACKAGE_IN_A_MODULE, org.socsim.archfixture.OutsideAnyModule.class);
    violated(SIM_CORE_ON_NO_OTHER_MODULE, org.socsim.io.archfixture.SimCoreOnTraces.class);
    violated(SIM_CORE_ON_NO_OTHER_MODULE, org.socsim.runtime.archfixture.RuntimeOnStrategy.class);
    violated(TRACES_ON_SIM_CORE_ONLY, org.socsim.traces.archfixture.TracesOnProfile.class);
    violated(SOC_MODELS_NOT_ON_STRATEGIES_OR_EXPERIMENTS, org.socsim.profile.archfixture.ProfileOnStrategy.class);
    violated(STRATEGIES_NOT_ON_PROFILE_TRACES_OR_EXPERIMENTS, org.socsim.strategy.archfixture.StrategyOnProfile.class);
    violated(SWEEP_AND_SCENARIO_NOT_ON_CLI, org.socsim.sweep.archfixture.SweepOnCli.class);
    violated(SWEEP_AND_SCENARIO_NOT_ON_CLI, org.socsim.scenario.archfixture.ScenarioOnCli.class);
    violated(SCENARIO_NOT_ON_SWEEP_OR_STUDY, org.socsim.scenario.archfixture.ScenarioOnStudy.class);
    violated(NO_PACKAGE_CYCLES, org.socsim.bench.archfixture.CycleBench.class,
        org.socsim.replay.archfixture.CycleReplay.class);
  }

  /** {@code rule} fails on exactly these classes, naming the first. */
  private static void violated(ArchRule rule, Class<?>... fixture) {
    JavaClasses c = new ClassFileImporter().importClasses(fixture);
    AssertionError e = assertThrows(AssertionError.class, () -> rule.check(c), rule.getDescription());
    assertTrue(e.getMessage().contains(fixture[0].getName()), e.getMessage());
  }

  /** Classes in {@code packages} depend only on classes outside org.socsim or in {@code allowed}. */
  private static ArchRule onlyOn(String[] packages, String[] allowed) {
    return classes().that().resideInAnyPackage(packages).should().onlyDependOnClassesThat(
        resideOutsideOfPackage("org.socsim..").or(resideInAnyPackage(allowed)));
  }

  private static String[] all(String[]... groups) {
    return Stream.of(groups).flatMap(Stream::of).toArray(String[]::new);
  }
}
