package io.fennel.spring;

import io.fennel.core.Fennel;
import io.fennel.core.worker.WorkerListener;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.context.annotation.Bean;

/**
 * Binds the worker's and the producer's figures to the application's Micrometer registry (the
 * primary one when there are several), when the application has one.
 */
@AutoConfiguration(
    after = FennelAutoConfiguration.class,
    afterName = {
      "org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration",
      "org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration"
    })
@ConditionalOnClass(MeterRegistry.class)
@ConditionalOnBean({Fennel.class, MeterRegistry.class})
public class FennelMetricsAutoConfiguration {

  /** Counts what the app sends and, as a {@link WorkerListener}, what its worker runs. */
  @Bean
  public WorkerListener fennelMetrics(MeterRegistry registry, Fennel fennel) {
    return new FennelMetrics(registry, fennel);
  }
}
