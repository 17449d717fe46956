package io.fennel.spring;

import static org.assertj.core.api.Assertions.assertThat;

import io.fennel.core.producer.SendOptions;
import io.fennel.spring.badclients.Counting;
import io.fennel.spring.clients.Adding;
import io.fennel.spring.clients.AddingTasks;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * {@link FennelClient} interfaces: a bean per interface whose calls send the task and return its
 * handle; the queue comes from the annotation or the call's options; an interface that would hide
 * the sending (a method returning a value) is refused at start.
 */
class FennelClientsTest {
  static final Duration WAIT = Duration.ofSeconds(20);

  final ApplicationContextRunner runner =
      new ApplicationContextRunner()
          .withConfiguration(
              AutoConfigurations.of(
                  FennelAutoConfiguration.class, FennelMetricsAutoConfiguration.class))
          .withPropertyValues(
              "fennel.broker-url=memory://clients-" + UUID.randomUUID(),
              "fennel.result-backend=memory://",
              "fennel.worker.enabled=true");

  @Configuration(proxyBeanMethods = false)
  @EnableFennelClients(Adding.class)
  static class Clients {
    @Bean
    AddingTasks addingTasks() {
      return new AddingTasks();
    }

    @Bean
    MeterRegistry meterRegistry() {
      return new SimpleMeterRegistry();
    }
  }

  @Configuration(proxyBeanMethods = false)
  @EnableFennelClients(Counting.class)
  static class BadClients {}

  static double sentTo(MeterRegistry registry, String queue) {
    var c = registry.find("fennel.tasks.sent").tag("queue", queue).counter();
    return c == null ? 0 : c.count();
  }

  @Test
  void givenAClientInterfaceWhenItsMethodIsCalledThenTheTaskIsSentAndItsHandleReturned() {
    runner
        .withUserConfiguration(Clients.class)
        .run(ctx -> {
          assertThat(ctx).hasNotFailed().hasSingleBean(Adding.class);
          Adding adding = ctx.getBean(Adding.class);

          assertThat(adding.add(2, 3).get(WAIT, Integer.class)).isEqualTo(5);
          assertThat(adding.toString()).isEqualTo("FennelClient[" + Adding.class.getName() + "]");
        });
  }

  @Test
  void givenAQueueInTheAnnotationOrTheOptionsWhenCalledThenTheTaskGoesToThatQueue() {
    runner
        .withUserConfiguration(Clients.class)
        .run(ctx -> {
          Adding adding = ctx.getBean(Adding.class);
          MeterRegistry registry = ctx.getBean(MeterRegistry.class);

          adding.addOnFixedQueue(1, 1);
          adding.addWith(1, 2, SendOptions.builder().queue("client.chosen").build());

          assertThat(sentTo(registry, "client.fixed")).isEqualTo(1.0);
          assertThat(sentTo(registry, "client.chosen")).isEqualTo(1.0);
        });
  }

  @Test
  void givenAClientMethodReturningAValueWhenTheContextStartsThenItIsRefusedNamingTheMethod() {
    runner
        .withUserConfiguration(BadClients.class)
        .run(ctx ->
            assertThat(ctx)
                .getFailure()
                .rootCause()
                .hasMessage(
                    Counting.class.getName()
                        + ".count returns int but must return AsyncResult: the task runs on a worker,"
                        + " so the call returns its handle"));
  }
}
