package io.fennel.spring;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import io.fennel.core.Fennel;
import io.fennel.core.producer.TaskProducer;
import org.junit.jupiter.api.Test;

/**
 * The starter uses Fennel's public facade (building, registering, sending, workers, the agent):
 * only {@link FennelInternals} may reach the app's broker, producer or registry (or name a
 * transport or the producer's type), so a change in how Fennel exposes them touches one file.
 */
class FacadeOnlyTest {
  static final JavaClasses STARTER =
      new ClassFileImporter()
          .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
          .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_JARS)
          .importPackages("io.fennel.spring");

  @Test
  void givenTheStartersClassesThenOnlyFennelInternalsReachesBehindTheFacade() {
    noClasses()
        .that()
        .doNotHaveSimpleName("FennelInternals")
        .should()
        .callMethod(Fennel.class, "broker")
        .orShould()
        .callMethod(Fennel.class, "producer")
        .orShould()
        .callMethod(Fennel.class, "registry")
        .orShould()
        .dependOnClassesThat()
        .resideInAnyPackage("io.fennel.core.broker..", "io.fennel.core.result.redis..")
        .orShould()
        .dependOnClassesThat()
        .belongToAnyOf(TaskProducer.class)
        .check(STARTER);
  }
}
