package io.fennel.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fennel.core.Fennel;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** {@code fennel worker}: its options are checked by name and a worker it starts runs tasks. */
class WorkerCommandTest {
  private final CliRun cli = new CliRun();

  @Test
  void anUnknownPoolNamesTheChoices() {
    assertThat(cli.execute("worker", "-P", "bogus", "-b", "memory://x")).isEqualTo(2);
    assertThat(cli.err())
        .contains("unknown pool 'bogus'; choose threads, virtual, solo or process");
  }

  @Test
  void concurrencyBelowOneIsRefused() {
    assertThat(cli.execute("worker", "-c", "0", "-b", "memory://x")).isEqualTo(2);
    assertThat(cli.err()).contains("-c/--concurrency must be >= 1, was 0");
  }

  @Test
  void concurrencyMustBeANumber() {
    assertThat(cli.execute("worker", "-c", "many")).isEqualTo(2);
    assertThat(cli.err()).contains("'many'").contains("--concurrency");
  }

  @Test
  void anUnknownLogLevelNamesTheChoices() {
    assertThat(cli.execute("worker", "-l", "loud", "-b", "memory://x")).isEqualTo(1);
    assertThat(cli.err())
        .contains("unknown log level 'loud'; choose DEBUG, INFO, WARNING, ERROR or CRITICAL");
  }

  @Test
  void aMissingAppClassIsOneLineAndExit1() {
    assertThat(cli.execute("worker", "-A", "com.example.Nope", "-b", "memory://x")).isEqualTo(1);
    assertThat(cli.err())
        .startsWith("fennel: class com.example.Nope not found on the classpath (tried:")
        .contains("FENNEL_CLASSPATH");
  }

  @Test
  void anUnreachableBrokerIsOneLineAndExit1() {
    // a worker retries at start by default (as Celery's); this one is told to fail at once
    CliRun cli =
        new CliRun(java.util.Map.of("FENNEL_BROKER_CONNECTION_RETRY_ON_STARTUP", "false"), "");
    assertThat(cli.execute("worker", "-b", "amqp://guest:secret@127.0.0.1:1//")).isEqualTo(1);
    assertThat(cli.err())
        .startsWith("fennel: cannot reach broker amqp://guest:***@127.0.0.1:1//")
        .contains("pass --broker")
        .doesNotContain("secret");
  }

  @Test
  void theWorkerRunsTasksUntilAskedToStopThenExitsZero() throws Exception {
    String url = "memory://worker-" + UUID.randomUUID();
    try (Fennel client = Fennel.builder().brokerUrl(url).build()) {
      client.task("demo.add").delay(2, 3);
      WorkerCommand command = cli.commandLine.getSubcommands().get("worker").getCommand();
      CompletableFuture<Integer> exit =
          CompletableFuture.supplyAsync(() ->
              cli.execute(
                  "worker", "-b", url, "-Q", "celery", "-c", "2", "-P", "virtual", "-n", "w1@%h",
                  "-E"));
      assertThat(command.awaitStarted(Duration.ofSeconds(10))).as(cli.err()).isTrue();
      await()
          .atMost(Duration.ofSeconds(10))
          .until(() -> client.unsafe().broker().queueStats("celery").orElseThrow().messages() == 0);
      assertThat(cli.out())
          .contains("worker w1@")
          .contains("broker:      " + url)
          .contains("queues:      celery")
          .contains("pool:        virtual x2")
          .contains("task events: on")
          .contains(". demo.add", ". demo.flaky");

      command.requestStop();

      assertThat(exit.get(10, java.util.concurrent.TimeUnit.SECONDS)).isZero();
      assertThat(cli.out()).contains("stopped.");
      assertThat(cli.err()).contains("warm shutdown");
    }
  }

  @Test
  void givenTaskQueuesAndNoQueueFlagWhenTheWorkerStartsThenItConsumesTaskQueues() throws Exception {
    String url = "memory://worker-" + UUID.randomUUID();
    CliRun run = new CliRun(java.util.Map.of("FENNEL_TASK_QUEUES", "q.a,q.b"), "");
    WorkerCommand command = run.commandLine.getSubcommands().get("worker").getCommand();
    CompletableFuture<Integer> exit =
        CompletableFuture.supplyAsync(() -> run.execute("worker", "-b", url, "-n", "tq@%h"));
    assertThat(command.awaitStarted(Duration.ofSeconds(10))).as(run.err()).isTrue();
    assertThat(run.out()).contains("queues:      q.a, q.b");
    command.requestStop();
    assertThat(exit.get(10, java.util.concurrent.TimeUnit.SECONDS)).isZero();
  }

  @Test
  void givenASettingsFileWithATypoWhenStartedWithStrictConfigThenItExitsNamingTheSetting(
      @org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
    java.nio.file.Path file = dir.resolve("fennel.properties");
    java.nio.file.Files.writeString(file, "task_acks_lat=true\n");
    assertThat(
            cli.execute(
                "worker", "-b", "memory://x", "--config", file.toString(), "--strict-config"))
        .isEqualTo(1);
    assertThat(cli.err()).contains("unknown setting 'task_acks_lat'; did you mean task_acks_late?");
  }
}
