package io.fennel.spring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fennel.agent.WorkerAgent;
import io.fennel.core.Fennel;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The embedded worker follows the application's lifecycle: it runs once the context has started,
 * with task events as {@code fennel.worker.send-task-events} says ({@code -E}), and closing the
 * context is a warm shutdown that lets a running task finish, or turns cold after {@code
 * fennel.worker.shutdown-timeout}.
 */
class WorkerLifecycleTest {
  static final Duration WAIT = Duration.ofSeconds(20);

  final ApplicationContextRunner runner =
      new ApplicationContextRunner()
          .withConfiguration(AutoConfigurations.of(FennelAutoConfiguration.class))
          .withUserConfiguration(Blocking.class)
          .withPropertyValues(
              "fennel.broker-url=memory://lifecycle-" + UUID.randomUUID(),
              "fennel.result-backend=memory://",
              "fennel.worker.enabled=true");

  @Configuration(proxyBeanMethods = false)
  static class Blocking {
    @Bean
    BlockingTasks blockingTasks() {
      return new BlockingTasks();
    }
  }

  @Test
  void givenTaskEventsPropertyWhenTheWorkerRunsThenItsAgentSendsTaskEvents() {
    runner
        .withPropertyValues("fennel.worker.send-task-events=true")
        .run(ctx ->
            assertThat(ctx.getBean(FennelWorkerLifecycle.class).agent())
                .hasValueSatisfying(a -> assertThat(a.taskEventsEnabled()).isTrue()));
  }

  @Test
  void givenNoTaskEventsPropertyWhenTheWorkerRunsThenItsAgentSendsOnlyWorkerEvents() {
    runner.run(ctx -> {
      WorkerAgent agent = ctx.getBean(FennelWorkerLifecycle.class).agent().orElseThrow();
      assertThat(agent.taskEventsEnabled()).isFalse();
    });
  }

  @Test
  void givenARunningTaskWhenTheContextClosesThenTheTaskFinishesBeforeTheCloseReturns() {
    runner.run(ctx -> {
      BlockingTasks tasks = ctx.getBean(BlockingTasks.class);
      FennelWorkerLifecycle lifecycle = ctx.getBean(FennelWorkerLifecycle.class);
      ctx.getBean(Fennel.class).task("spring.block").delay();
      assertThat(tasks.started.await(WAIT.toSeconds(), TimeUnit.SECONDS)).isTrue();

      Thread closer = Thread.ofPlatform().start(ctx::close);
      await()
          .atMost(WAIT)
          .until(() ->
              closer.getState() == Thread.State.WAITING
                  || closer.getState() == Thread.State.TIMED_WAITING);
      assertThat(closer.isAlive()).as("close waits for the running task").isTrue();
      assertThat(tasks.ending).hasValue("not run");

      tasks.release.countDown();
      closer.join(WAIT.toMillis());

      assertThat(closer.isAlive()).isFalse();
      assertThat(tasks.ending).hasValue("finished");
      assertThat(lifecycle.isRunning()).isFalse();
    });
  }

  @Test
  void givenATaskOutlivingTheShutdownTimeoutWhenTheContextClosesThenItIsInterrupted() {
    runner
        .withPropertyValues("fennel.worker.shutdown-timeout=0s")
        .run(ctx -> {
          BlockingTasks tasks = ctx.getBean(BlockingTasks.class);
          ctx.getBean(Fennel.class).task("spring.block").delay();
          assertThat(tasks.started.await(WAIT.toSeconds(), TimeUnit.SECONDS)).isTrue();

          ctx.close();

          assertThat(tasks.ending).hasValue("interrupted");
        });
  }
}
