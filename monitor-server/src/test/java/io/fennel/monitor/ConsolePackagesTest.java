package io.fennel.monitor;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** Keeps the console's packages free of cycles and its leaf packages free of the HTTP layer. */
class ConsolePackagesTest {
  private static final JavaClasses CONSOLE =
      new ClassFileImporter()
          .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
          .importPackages("io.fennel.monitor");

  @Test
  void givenTheConsolesPackagesWhenImportedThenNoTwoDependOnEachOther() {
    slices().matching("io.fennel.monitor.(*)..").should().beFreeOfCycles().check(CONSOLE);
  }

  @Test
  void givenTheStateWhenImportedThenItKnowsNothingOfHttpPagesOrStreams() {
    noClasses()
        .that()
        .resideInAPackage("io.fennel.monitor.state..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            "io.fennel.monitor.http..",
            "io.fennel.monitor.pages..",
            "io.fennel.monitor.sse..",
            "io.fennel.monitor.api..",
            "io.javalin..")
        .check(CONSOLE);
  }

  @Test
  void givenTheEventStreamWhenImportedThenItDoesNotReachIntoTheHttpLayer() {
    noClasses()
        .that()
        .resideInAPackage("io.fennel.monitor.sse..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage("io.fennel.monitor.http..", "io.fennel.monitor.pages..")
        .check(CONSOLE);
  }
}
