package io.fennel.spring;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import io.fennel.core.Fennel;
import io.fennel.core.producer.TaskProducer;
import java.net.URISyntaxException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * The starter uses Fennel's public facade (building, registering, sending, workers, the agent):
 * only {@link FennelInternals} may reach the app's broker, producer or registry (or name a
 * transport or the producer's type), so a change in how Fennel exposes them touches one file.
 */
class FacadeOnlyTest {
  /** The starter's main classes, read from its build folder (no class path scan). */
  static JavaClasses starter() throws URISyntaxException {
    Path classes =
        Path.of(FennelInternals.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    return new ClassFileImporter().importPath(classes);
  }

  @Test
  void givenTheStartersClassesThenOnlyFennelInternalsReachesBehindTheFacade() throws Exception {
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
        .check(starter());
  }
}
