package io.fennel.it;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Keeps the module rules of ARCHITECTURE.md: no module depends on one above it in the table, and no
 * module reaches into another module's {@code internal} package.
 */
class ModuleDependencyRulesTest {
  private static JavaClasses classes;

  @BeforeAll
  static void importFennel() {
    classes =
        new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_JARS)
            .importPackages("io.fennel");
  }

  private static void check(ArchRule rule) {
    rule.allowEmptyShould(true).check(classes);
  }

  @Test
  void theProtocolDependsOnNoOtherFennelModule() {
    check(
        noClasses()
            .that()
            .resideInAPackage("io.fennel.protocol..")
            .should()
            .dependOnClassesThat()
            .resideInAnyPackage(
                "io.fennel.core..", "io.fennel.agent..", "io.fennel.monitor..", "io.fennel.cli.."));
  }

  @Test
  void coreDependsOnlyOnTheProtocol() {
    check(
        noClasses()
            .that()
            .resideInAPackage("io.fennel.core..")
            .should()
            .dependOnClassesThat()
            .resideInAnyPackage(
                "io.fennel.agent..", "io.fennel.monitor..", "io.fennel.cli..", "io.fennel.demo.."));
  }

  @Test
  void theWorkerAgentDoesNotKnowTheConsoleOrTheCli() {
    check(
        noClasses()
            .that()
            .resideInAPackage("io.fennel.agent..")
            .should()
            .dependOnClassesThat()
            .resideInAnyPackage("io.fennel.monitor..", "io.fennel.cli..", "io.fennel.demo.."));
  }

  @Test
  void theConsoleDoesNotKnowTheCli() {
    check(
        noClasses()
            .that()
            .resideInAPackage("io.fennel.monitor..")
            .should()
            .dependOnClassesThat()
            .resideInAnyPackage("io.fennel.cli..", "io.fennel.demo.."));
  }

  @Test
  void noModuleReachesIntoAnotherModulesInternalPackage() {
    for (String module : new String[] {"protocol", "core", "agent", "monitor", "cli"}) {
      check(
          noClasses()
              .that()
              .resideOutsideOfPackage("io.fennel." + module + "..")
              .should()
              .dependOnClassesThat()
              .resideInAPackage("io.fennel." + module + "..internal..")
              .because("an internal package belongs to its module alone"));
    }
  }
}
