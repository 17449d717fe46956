package io.fennel.spring;

import io.fennel.core.Fennel;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Bean;

/**
 * The {@code fennel} health indicator (broker, result backend, worker), when the application has
 * Spring Boot's health support; {@code management.health.fennel.enabled=false} turns it off.
 */
@AutoConfiguration(after = FennelAutoConfiguration.class)
@ConditionalOnClass(HealthIndicator.class)
@ConditionalOnBean(Fennel.class)
@ConditionalOnEnabledHealthIndicator("fennel")
public class FennelHealthAutoConfiguration {

  @Bean
  @ConditionalOnMissingBean(name = "fennelHealthIndicator")
  public HealthIndicator fennelHealthIndicator(
      Fennel fennel, ObjectProvider<FennelWorkerLifecycle> worker) {
    return new FennelHealthIndicator(fennel, worker);
  }
}
