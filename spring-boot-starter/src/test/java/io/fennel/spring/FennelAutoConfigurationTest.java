package io.fennel.spring;

import static org.assertj.core.api.Assertions.assertThat;

import io.fennel.core.Fennel;
import io.fennel.core.config.FennelConfig;
import io.fennel.core.config.TaskRoute;
import io.fennel.core.worker.PoolType;
import io.fennel.core.worker.WorkerOptions;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;

/**
 * The auto-configuration's contract with {@code application.properties}: Celery's defaults, every
 * Celery setting under {@code fennel.*} in its relaxed forms, the starter's worker properties, bad
 * values refused at start with the property and the rule, and backing off for the app's own {@link
 * Fennel}.
 */
class FennelAutoConfigurationTest {
  final ApplicationContextRunner runner =
      new ApplicationContextRunner()
          .withConfiguration(AutoConfigurations.of(FennelAutoConfiguration.class));

  static String memory() {
    return "memory://spring-" + UUID.randomUUID();
  }

  @Test
  void givenNoPropertiesWhenTheContextStartsThenOneFennelHasCeleryDefaultsAndNoWorkerRuns() {
    runner.run(ctx -> {
      assertThat(ctx).hasNotFailed().hasSingleBean(Fennel.class);
      assertThat(ctx.getBean(Fennel.class).config()).isEqualTo(FennelConfig.builder().build());
      assertThat(ctx).doesNotHaveBean(FennelWorkerLifecycle.class);
    });
  }

  /**
   * Each Celery setting Fennel knows, with a property that sets it (in one of its relaxed forms)
   * and what the setting reads back as; a setting added to core without a row here fails {@link
   * #givenEveryKnownSettingAsAPropertyWhenTheContextStartsThenTheAppHasEachValue}.
   */
  static final Map<String, Row> EVERY_SETTING = new LinkedHashMap<>();

  record Row(String property, Object expected, Function<FennelConfig, Object> read) {}

  static void row(
      String setting, String property, Object expected, Function<FennelConfig, Object> read) {
    EVERY_SETTING.put(setting, new Row(property, expected, read));
  }

  static {
    row(
        "broker_url",
        "fennel.broker-url=memory://every",
        "memory://every",
        FennelConfig::brokerUrl);
    row(
        "result_backend",
        "fennel.result-backend=memory://",
        "memory://",
        FennelConfig::resultBackend);
    row(
        "result_expires",
        "fennel.result-expires=60",
        Duration.ofSeconds(60),
        FennelConfig::resultExpires);
    row("task_acks_late", "fennel.task-acks-late=true", true, FennelConfig::taskAcksLate);
    row("task_track_started", "fennel.taskTrackStarted=true", true, FennelConfig::taskTrackStarted);
    row(
        "task_ignore_result",
        "fennel.task_ignore_result=true",
        true,
        FennelConfig::taskIgnoreResult);
    row(
        "task_default_queue",
        "fennel.task-default-queue=jobs",
        "jobs",
        FennelConfig::taskDefaultQueue);
    row(
        "task_default_rate_limit",
        "fennel.task-default-rate-limit=10/s",
        "10/s",
        FennelConfig::taskDefaultRateLimit);
    row("task_serializer", "fennel.task-serializer=json", "json", FennelConfig::taskSerializer);
    row("worker_concurrency", "fennel.worker.concurrency=3", 3, FennelConfig::workerConcurrency);
    row(
        "worker_prefetch_multiplier",
        "fennel.worker-prefetch-multiplier=2",
        2,
        FennelConfig::workerPrefetchMultiplier);
    row(
        "worker_send_task_events",
        "fennel.worker.send-task-events=true",
        true,
        FennelConfig::workerSendTaskEvents);
    row(
        "task_send_sent_event",
        "fennel.task-send-sent-event=true",
        true,
        FennelConfig::taskSendSentEvent);
    row(
        "task_queue_max_priority",
        "fennel.task-queue-max-priority=10",
        10,
        FennelConfig::taskQueueMaxPriority);
    row("task_time_limit", "fennel.task-time-limit=30", 30.0, FennelConfig::taskTimeLimit);
    row(
        "task_soft_time_limit",
        "fennel.task-soft-time-limit=25.5",
        25.5,
        FennelConfig::taskSoftTimeLimit);
    row(
        "worker_max_tasks_per_child",
        "fennel.worker.max-tasks-per-child=100",
        100,
        FennelConfig::workerMaxTasksPerChild);
    row(
        "worker_max_memory_per_child",
        "fennel.worker.max-memory-per-child=200000",
        200000,
        FennelConfig::workerMaxMemoryPerChild);
    row(
        "task_reject_on_worker_lost",
        "fennel.task-reject-on-worker-lost=true",
        true,
        FennelConfig::taskRejectOnWorkerLost);
    row(
        "task_acks_on_failure_or_timeout",
        "fennel.task-acks-on-failure-or-timeout=false",
        false,
        FennelConfig::taskAcksOnFailureOrTimeout);
    row(
        "worker_cancel_long_running_tasks_on_connection_loss",
        "fennel.worker-cancel-long-running-tasks-on-connection-loss=true",
        true,
        FennelConfig::workerCancelLongRunningTasksOnConnectionLoss);
    row(
        "task_routes",
        "fennel.task-routes=billing.*:slow",
        List.of(TaskRoute.parse("billing.*:slow")),
        FennelConfig::taskRoutes);
    row(
        "task_queues",
        "fennel.task-queues=jobs,slow",
        List.of("jobs", "slow"),
        FennelConfig::taskQueues);
  }

  @Test
  void givenEveryKnownSettingAsAPropertyWhenTheContextStartsThenTheAppHasEachValue() {
    // The typed settings come first in KNOWN_SETTINGS; the wire and broker settings after them
    // (serializers, compression, security, connection retry): WireAndBrokerPropertiesTest.
    List<String> typed =
        FennelConfig.KNOWN_SETTINGS.subList(
            0, FennelConfig.KNOWN_SETTINGS.indexOf("task_queues") + 1);
    assertThat(EVERY_SETTING.keySet()).containsExactlyElementsOf(typed);
    String[] properties = EVERY_SETTING.values().stream().map(Row::property).toArray(String[]::new);
    runner
        .withPropertyValues(properties)
        .withPropertyValues("fennel.broker-connection-timeout=5")
        .withPropertyValues(
            "fennel.enabled=true", "fennel.worker.enabled=false", "fennel.worker.pool=solo")
        .run(ctx -> {
          assertThat(ctx).hasNotFailed();
          FennelConfig c = ctx.getBean(Fennel.class).config();
          EVERY_SETTING.forEach((setting, row) ->
              assertThat(row.read().apply(c)).as(row.property()).isEqualTo(row.expected()));
          assertThat(c.extra())
              .as("the starter's own properties are not Celery settings")
              .containsExactly(Map.entry("broker_connection_timeout", "5"));
        });
  }

  @Test
  void givenFennelsOwnEnvironmentVariablesWhenTheContextStartsThenTheyWinOverTheFile() {
    runner
        .withInitializer(ctx -> {
          var sources = ctx.getEnvironment().getPropertySources();
          sources.replace(
              StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME,
              new SystemEnvironmentPropertySource(
                  StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME,
                  Map.of(
                      "FENNEL_TASK_ACKS_LATE", "true",
                      "FENNEL_WORKER_CONCURRENCY", "7",
                      "FENNEL_CLASSPATH", "/opt/tasks.jar")));
          // application.properties comes after the environment, as in a Spring Boot application
          sources.addLast(
              new MapPropertySource(
                  "application.properties",
                  Map.of("fennel.task-acks-late", "false", "fennel.worker.concurrency", "2")));
        })
        .run(ctx -> {
          assertThat(ctx).hasNotFailed();
          FennelConfig c = ctx.getBean(Fennel.class).config();
          assertThat(c.taskAcksLate()).isTrue();
          assertThat(c.workerConcurrency()).isEqualTo(7);
          assertThat(c.extra()).as("the launcher's variables are not settings").isEmpty();
        });
  }

  @Test
  void givenYamlListsWhenTheContextStartsThenListSettingsReadThem() {
    runner
        .withInitializer(ctx ->
            ctx.getEnvironment()
                .getPropertySources()
                .addFirst(
                    new MapPropertySource(
                        "yaml-like",
                        Map.of(
                            "fennel.task-queues[0]", "jobs",
                            "fennel.task-queues[1]", "slow",
                            "fennel.worker.queues[0]", "jobs"))))
        .run(ctx -> {
          assertThat(ctx).hasNotFailed();
          assertThat(ctx.getBean(Fennel.class).config().taskQueues())
              .containsExactly("jobs", "slow");
          assertThat(WorkerSettings.read(ctx.getEnvironment()).queues()).containsExactly("jobs");
        });
  }

  @Test
  void givenEveryWorkerPropertyWhenTheWorkerIsEnabledThenItsOptionsFollowThem() {
    runner
        .withPropertyValues(
            "fennel.broker-url=" + memory(),
            "fennel.worker.enabled=true",
            "fennel.worker.node-name=shop@%h",
            "fennel.worker.queues=jobs,slow",
            "fennel.worker.pool=virtual",
            "fennel.worker.shutdown-timeout=3s",
            "fennel.worker.concurrency=5",
            "fennel.worker.prefetch-multiplier=2",
            "fennel.worker.send-task-events=true")
        .run(ctx -> {
          assertThat(ctx).hasNotFailed().hasSingleBean(FennelWorkerLifecycle.class);
          FennelWorkerLifecycle lifecycle = ctx.getBean(FennelWorkerLifecycle.class);
          WorkerOptions o = lifecycle.options();
          assertThat(o.hostname()).isEqualTo("shop@" + ctx.getBean(Fennel.class).hostname());
          assertThat(o.queues()).containsExactly("jobs", "slow");
          assertThat(o.pool()).isEqualTo(PoolType.VIRTUAL);
          assertThat(o.concurrency()).isEqualTo(5);
          assertThat(o.prefetchMultiplier()).isEqualTo(2);
          assertThat(o.sendTaskEvents()).isTrue();
          assertThat(WorkerSettings.read(ctx.getEnvironment()).shutdownTimeout())
              .isEqualTo(Duration.ofSeconds(3));
          assertThat(lifecycle.isRunning()).isTrue();
        });
  }

  @Test
  void givenNoWorkerPropertiesWhenTheWorkerIsEnabledThenItIsNamedAfterTheApplication() {
    runner
        .withPropertyValues(
            "fennel.broker-url=" + memory(),
            "fennel.worker.enabled=true",
            "spring.application.name=shop")
        .run(ctx -> {
          WorkerOptions o = ctx.getBean(FennelWorkerLifecycle.class).options();
          assertThat(o.hostname()).isEqualTo("shop@" + ctx.getBean(Fennel.class).hostname());
          assertThat(o.queues()).containsExactly("celery");
          assertThat(o.pool()).isEqualTo(PoolType.THREADS);
          assertThat(o.sendTaskEvents()).isFalse();
          assertThat(WorkerSettings.read(ctx.getEnvironment()).shutdownTimeout())
              .isEqualTo(WorkerSettings.DEFAULT_SHUTDOWN_TIMEOUT);
        });
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "fennel.task-acks-late=maybe | fennel.task-acks-late: task_acks_late must be true or false, was 'maybe'",
        "fennel.worker.concurrency=0 | fennel.worker.concurrency: worker_concurrency must be >= 1, was 0",
        "fennel.broker-url=localhost | fennel.broker-url: broker_url must be a URL such as",
        "fennel.task-serializer=pickle | fennel.task-serializer: task_serializer must be json",
        "fennel.task-default-rate-limit=fast | fennel.task-default-rate-limit: ",
        "fennel.worker.enabled=maybe | fennel.worker.enabled: must be true or false, was 'maybe'",
        "fennel.worker.pool=forks | fennel.worker.pool: unknown pool 'forks'; choose threads, virtual or solo",
        "fennel.worker.pool=process | fennel.worker.pool: the process pool is not available in a Spring application, was 'process'; use threads, virtual or solo, or run the tasks in `fennel worker -P process`",
        "fennel.worker.shutdown-timeout=soon | fennel.worker.shutdown-timeout: must be a duration of 0 or more",
        "fennel.worker.node-name=my shop | fennel.worker.node-name: must be a node name without spaces",
      })
  void givenABadValueWhenTheContextStartsThenItIsRefusedNamingThePropertyAndTheRule(
      String property, String message) {
    runner
        .withPropertyValues(property)
        .run(ctx -> {
          assertThat(ctx).hasFailed();
          Throwable root = ctx.getStartupFailure();
          while (!(root instanceof FennelPropertyException) && root.getCause() != null) {
            root = root.getCause();
          }
          assertThat(root).isInstanceOf(FennelPropertyException.class);
          assertThat(root.getMessage()).startsWith(message.strip());
          assertThat(((FennelPropertyException) root).property())
              .isEqualTo(property.substring(0, property.indexOf('=')));
        });
  }

  @Test
  void givenSoftLimitAboveTheHardOneWhenTheContextStartsThenBothAreNamed() {
    runner
        .withPropertyValues("fennel.task-time-limit=10", "fennel.task-soft-time-limit=20")
        .run(ctx ->
            assertThat(ctx)
                .getFailure()
                .rootCause()
                .isInstanceOf(FennelPropertyException.class)
                .hasMessage(
                    "fennel.task-soft-time-limit: task_soft_time_limit (20.0) must not exceed"
                        + " task_time_limit (10.0)"));
  }

  @Configuration(proxyBeanMethods = false)
  static class OwnFennel {
    static final String BROKER = memory();

    @Bean(destroyMethod = "close")
    Fennel myFennel() {
      return Fennel.builder().brokerUrl(BROKER).set("task_acks_late", "true").build();
    }

    @Bean
    BlockingTasks blockingTasks() {
      return new BlockingTasks();
    }
  }

  @Test
  void givenTheAppsOwnFennelWhenTheContextStartsThenTheStarterBacksOffButRegistersTasksOnIt() {
    runner
        .withUserConfiguration(OwnFennel.class)
        .withPropertyValues("fennel.broker-url=memory://ignored", "fennel.worker.enabled=true")
        .run(ctx -> {
          assertThat(ctx).hasNotFailed().hasSingleBean(Fennel.class).hasBean("myFennel");
          Fennel own = ctx.getBean(Fennel.class);
          assertThat(own.config().brokerUrl()).isEqualTo(OwnFennel.BROKER);
          assertThat(own.config().taskAcksLate()).isTrue();
          assertThat(ctx.getBean(FennelTaskRegistrar.class).registered())
              .containsEntry("spring.block", "blockingTasks");
          assertThat(ctx.getBean(FennelWorkerLifecycle.class).worker())
              .hasValueSatisfying(w -> assertThat(w.registry().names()).contains("spring.block"));
        });
  }

  @Test
  void givenFennelDisabledWhenTheContextStartsThenThereIsNoFennel() {
    runner
        .withPropertyValues("fennel.enabled=false")
        .run(ctx -> assertThat(ctx).hasNotFailed().doesNotHaveBean(Fennel.class));
  }
}
