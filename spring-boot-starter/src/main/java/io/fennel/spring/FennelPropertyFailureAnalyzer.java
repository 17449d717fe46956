package io.fennel.spring;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Turns a refused {@code fennel.*} property into Spring Boot's "APPLICATION FAILED TO START"
 * report: the property, its rule and origin as the description, and what to change as the action.
 */
final class FennelPropertyFailureAnalyzer extends AbstractFailureAnalyzer<FennelPropertyException> {
  @Override
  protected FailureAnalysis analyze(Throwable rootFailure, FennelPropertyException cause) {
    return new FailureAnalysis(
        "Fennel refused the property " + cause.getMessage(),
        "Change "
            + cause.property()
            + " in application.properties/YAML, the environment or the command line; the"
            + " settings are listed in docs/SPRING.md.",
        cause);
  }
}
