package io.fennel.spring;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.BeanCreationException;
import org.springframework.boot.diagnostics.FailureAnalysis;

/** A refused property, however deep in Spring's exceptions, is reported with its name and fix. */
class FennelPropertyFailureAnalyzerTest {
  @Test
  void givenARefusedPropertyInsideABeanFailureWhenAnalyzedThenTheReportNamesThePropertyAndTheFix() {
    FennelPropertyException refused =
        new FennelPropertyException(
            "fennel.task-acks-late", "task_acks_late must be true or false, was 'maybe'", "line 3");
    FailureAnalysis a =
        new FennelPropertyFailureAnalyzer()
            .analyze(new BeanCreationException("fennel", "cannot create", refused));

    assertThat(a).isNotNull();
    assertThat(a.getDescription())
        .isEqualTo(
            "Fennel refused the property fennel.task-acks-late: task_acks_late must be true or"
                + " false, was 'maybe' (set in line 3)");
    assertThat(a.getAction()).startsWith("Change fennel.task-acks-late in application.properties");
  }
}
