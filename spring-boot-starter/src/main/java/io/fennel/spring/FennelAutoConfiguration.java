package io.fennel.spring;

import io.fennel.core.Fennel;
import io.fennel.core.worker.WorkerListener;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.core.env.Environment;

/**
 * Fennel in a Spring Boot application: one {@link Fennel} built from the {@code fennel.*}
 * properties (unless the application defines its own), every {@code @Task} method of its beans
 * registered through the beans' proxies, and with {@code fennel.worker.enabled=true} a worker, with
 * its agent, run by the application's lifecycle. {@code fennel.enabled=false} switches it all off.
 */
@AutoConfiguration
@ConditionalOnClass(Fennel.class)
@ConditionalOnBooleanProperty(name = "fennel.enabled", matchIfMissing = true)
public class FennelAutoConfiguration {

  /**
   * The application's Fennel, from the {@code fennel.*} properties and then each {@link
   * FennelBuilderCustomizer}; closed with the context, after the worker has stopped.
   */
  @Bean(destroyMethod = "close")
  @ConditionalOnMissingBean
  public Fennel fennel(Environment env, ObjectProvider<FennelBuilderCustomizer> customizers) {
    Fennel.Builder builder = Fennel.builder().config(FennelSettings.read(env));
    customizers.orderedStream().forEach(c -> c.customize(builder));
    return builder.build();
  }

  /** Registers the {@code @Task} methods of the context's beans on its Fennel. */
  @Bean
  static FennelTaskRegistrar fennelTaskRegistrar(ConfigurableListableBeanFactory beans) {
    return new FennelTaskRegistrar(beans);
  }

  /**
   * The worker, when {@code fennel.worker.enabled=true}; every {@link WorkerListener} bean hears
   * it.
   */
  @Bean
  @Conditional(WorkerEnabledCondition.class)
  @ConditionalOnMissingBean
  public FennelWorkerLifecycle fennelWorker(
      Fennel fennel, Environment env, ObjectProvider<WorkerListener> listeners) {
    return new FennelWorkerLifecycle(
        fennel, WorkerSettings.read(env), listeners.orderedStream().toList());
  }
}
