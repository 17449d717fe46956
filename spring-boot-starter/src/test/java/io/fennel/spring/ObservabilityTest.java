package io.fennel.spring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fennel.core.Fennel;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * What an operator sees of the app's Fennel: a health indicator for the broker, the result backend
 * and the worker, and the worker's and the producer's figures in the app's Micrometer registry.
 */
class ObservabilityTest {
  static final Duration WAIT = Duration.ofSeconds(20);

  final ApplicationContextRunner runner =
      new ApplicationContextRunner()
          .withConfiguration(
              AutoConfigurations.of(
                  FennelAutoConfiguration.class,
                  FennelHealthAutoConfiguration.class,
                  FennelMetricsAutoConfiguration.class))
          .withUserConfiguration(TaskBeansTest.ClassProxies.class)
          .withPropertyValues(
              "fennel.broker-url=memory://observed-" + UUID.randomUUID(),
              "fennel.result-backend=memory://");

  @Configuration(proxyBeanMethods = false)
  static class Registry {
    @Bean
    MeterRegistry meterRegistry() {
      return new SimpleMeterRegistry();
    }
  }

  static Health health(org.springframework.context.ApplicationContext ctx) {
    return ctx.getBean("fennelHealthIndicator", HealthIndicator.class).health(true);
  }

  @Test
  void givenAReachableBrokerAndARunningWorkerWhenHealthIsAskedThenItIsUpWithTheirDetails() {
    runner
        .withPropertyValues("fennel.worker.enabled=true", "fennel.worker.node-name=observed@h")
        .run(ctx -> {
          Health h = health(ctx);
          assertThat(h.getStatus()).isEqualTo(Status.UP);
          assertThat(h.getDetails())
              .containsEntry("brokerConnected", true)
              .containsEntry("resultBackendReachable", true)
              .containsEntry("worker", "observed@h")
              .containsEntry("workerRunning", true);
        });
  }

  @Test
  void givenAnUnreachableResultBackendWhenHealthIsAskedThenItIsDownNamingTheBackend() {
    runner
        .withPropertyValues("fennel.result-backend=redis://:secret@127.0.0.1:1/0")
        .run(ctx -> {
          Health h = health(ctx);
          assertThat(h.getStatus()).isEqualTo(Status.DOWN);
          assertThat(h.getDetails())
              .containsEntry("resultBackend", "redis://:***@127.0.0.1:1/0")
              .containsEntry("resultBackendReachable", false)
              .containsEntry("worker", "disabled")
              .containsKey("resultBackendError");
        });
  }

  @Test
  void givenAnUnreachableBrokerWhenHealthIsAskedThenItIsDownNamingTheBroker() throws Exception {
    int closedPort;
    try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
      closedPort = socket.getLocalPort();
    }
    runner
        .withPropertyValues("fennel.broker-url=amqp://guest:secret@127.0.0.1:" + closedPort + "//")
        .run(ctx -> {
          assertThat(ctx).hasNotFailed();
          Health h = health(ctx);
          assertThat(h.getStatus()).isEqualTo(Status.DOWN);
          assertThat(h.getDetails())
              .containsEntry("broker", "amqp://guest:***@127.0.0.1:" + closedPort + "//")
              .containsEntry("brokerConnected", false)
              .containsEntry("worker", "disabled");
        });
  }

  @Test
  void givenAStoppedWorkerWhenHealthIsAskedThenItIsDown() {
    runner
        .withPropertyValues("fennel.worker.enabled=true")
        .run(ctx -> {
          ctx.getBean(FennelWorkerLifecycle.class).stop();
          Health h = health(ctx);
          assertThat(h.getStatus()).isEqualTo(Status.DOWN);
          assertThat(h.getDetails()).containsEntry("workerRunning", false);
        });
  }

  @Test
  void givenNoHealthSupportWhenTheContextStartsThenThereIsNoIndicatorAndFennelStillWorks() {
    runner
        .withClassLoader(new FilteredClassLoader("org.springframework.boot.health"))
        .run(ctx ->
            assertThat(ctx)
                .hasNotFailed()
                .hasSingleBean(Fennel.class)
                .doesNotHaveBean("fennelHealthIndicator"));
  }

  @Test
  void givenAMeterRegistryWhenTasksAreSentAndRunThenTheRegistryCountsThem() {
    runner
        .withUserConfiguration(Registry.class)
        .withPropertyValues("fennel.worker.enabled=true", "fennel.worker.node-name=metered@h")
        .run(ctx -> {
          MeterRegistry registry = ctx.getBean(MeterRegistry.class);
          Fennel fennel = ctx.getBean(Fennel.class);

          assertThat(fennel.task("spring.charge").delay(3).get(WAIT, Integer.class)).isEqualTo(3);

          assertThat(
                  registry
                      .get("fennel.tasks.sent")
                      .tag("task", "spring.charge")
                      .tag("queue", "celery")
                      .counter()
                      .count())
              .isEqualTo(1.0);
          await()
              .atMost(WAIT)
              .untilAsserted(() ->
                  assertThat(
                          registry
                              .get("fennel.worker.tasks")
                              .tags(
                                  "worker",
                                  "metered@h",
                                  "task",
                                  "spring.charge",
                                  "outcome",
                                  "success")
                              .counter()
                              .count())
                      .isEqualTo(1.0));
          assertThat(
                  registry
                      .get("fennel.worker.task.runtime")
                      .tag("task", "spring.charge")
                      .timer()
                      .count())
              .isEqualTo(1);
          assertThat(
                  registry
                      .get("fennel.worker.processed")
                      .tag("worker", "metered@h")
                      .functionCounter()
                      .count())
              .isEqualTo(1.0);
          assertThat(
                  registry.get("fennel.worker.active").tag("worker", "metered@h").gauge().value())
              .isZero();
        });
  }

  @Test
  void givenTheIndicatorSwitchedOffWhenTheContextStartsThenThereIsNone() {
    runner
        .withPropertyValues("management.health.fennel.enabled=false")
        .run(ctx -> assertThat(ctx).hasNotFailed().doesNotHaveBean("fennelHealthIndicator"));
  }

  @Test
  void givenNoMicrometerWhenTheContextStartsThenFennelStillWorks() {
    runner
        .withClassLoader(new FilteredClassLoader("io.micrometer"))
        .run(ctx ->
            assertThat(ctx)
                .hasNotFailed()
                .hasSingleBean(Fennel.class)
                .doesNotHaveBean("fennelMetrics"));
  }

  @Test
  void givenNoMeterRegistryWhenTheContextStartsThenNoMetricsAreBound() {
    runner.run(ctx -> assertThat(ctx).hasNotFailed().doesNotHaveBean("fennelMetrics"));
  }
}
