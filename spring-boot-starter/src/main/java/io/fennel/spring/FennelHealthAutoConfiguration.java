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
import org.springframework.context.annotation.Configuration;

/**
 * The {@code fennel} health indicator (broker, result backend, worker), when the application has
 * Spring Boot's health support; {@code management.health.fennel.enabled=false} turns it off. The
 * class names the health types only by name and in a nested class, so an application without {@code
 * spring-boot-health} never loads them.
 */
@AutoConfiguration(after = FennelAutoConfiguration.class)
@ConditionalOnClass(name = "org.springframework.boot.health.contributor.HealthIndicator")
@ConditionalOnBean(Fennel.class)
public class FennelHealthAutoConfiguration {

  /** The indicator itself, unless health indicators or this one are switched off. */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnEnabledHealthIndicator("fennel")
  static class Indicator {
    @Bean
    @ConditionalOnMissingBean(name = "fennelHealthIndicator")
    HealthIndicator fennelHealthIndicator(
        Fennel fennel, ObjectProvider<FennelWorkerLifecycle> worker) {
      return new FennelHealthIndicator(fennel, worker);
    }
  }
}
