package io.fennel.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.fennel.core.Fennel;
import io.fennel.core.producer.SendOptions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * The worker's runtime options refuse bad values by name and say what to type instead, and the
 * Celery-habit ones do what they say ({@code -X}, {@code --purge}) or explain themselves in the log
 * ({@code -O fair}, {@code --without-*}).
 */
class WorkerRuntimeOptionsTest {
  private static final Duration WAIT = Duration.ofSeconds(10);

  private final CliRun cli = new CliRun();
  private final String url = "memory://runtime-" + UUID.randomUUID();
  private final Fennel client = Fennel.builder().brokerUrl(url).build();
  private final Logger logger = (Logger) LoggerFactory.getLogger(WorkerRuntimeOptions.class);
  private final ListAppender<ILoggingEvent> logged = new ListAppender<>();
  private Level level;

  @BeforeEach
  void captureLog() {
    client.unsafe().broker();
    level = logger.getLevel();
    logger.setLevel(Level.INFO);
    logged.start();
    logger.addAppender(logged);
  }

  @AfterEach
  void close() {
    logger.detachAppender(logged);
    logger.setLevel(level);
    client.close();
  }

  private List<String> logLines() {
    return logged.list.stream().map(ILoggingEvent::getFormattedMessage).toList();
  }

  private long waiting(String queue) {
    return client.unsafe().broker().queueStats(queue).map(s -> s.messages()).orElse(0L);
  }

  private void send(String queue, int x) {
    client
        .task("demo.add")
        .applyAsync(List.of(x, x), Map.of(), SendOptions.builder().queue(queue).build());
  }

  /** Runs {@code fennel worker -b URL args...} in the background until it has started. */
  private CompletableFuture<Integer> startWorker(String... args) throws InterruptedException {
    WorkerCommand command = cli.commandLine.getSubcommands().get("worker").getCommand();
    List<String> all = new java.util.ArrayList<>(List.of("worker", "-b", url));
    all.addAll(List.of(args));
    CompletableFuture<Integer> exit =
        CompletableFuture.supplyAsync(() -> cli.execute(all.toArray(String[]::new)));
    assertThat(command.awaitStarted(WAIT)).as(cli.err()).isTrue();
    return exit;
  }

  private void stop(CompletableFuture<Integer> exit) throws Exception {
    WorkerCommand command = cli.commandLine.getSubcommands().get("worker").getCommand();
    command.requestStop();
    assertThat(exit.get(10, TimeUnit.SECONDS)).isZero();
  }

  @Test
  void givenExcludeQueuesThatLeaveNothingThenTheWorkerRefusesToStart() {
    assertThat(cli.execute("worker", "-b", "memory://x", "-Q", "a", "-X", "a")).isEqualTo(2);
    assertThat(cli.err()).contains("-X/--exclude-queues [a] leaves no queue to consume");
  }

  @Test
  void givenABadAutoscaleThenTheMessageShowsTheForm() {
    assertThat(cli.execute("worker", "-b", "memory://x", "--autoscale", "ten")).isEqualTo(2);
    assertThat(cli.err()).contains("--autoscale takes MAX,MIN (e.g. --autoscale 10,3)");
  }

  @Test
  void givenAnUnknownOptimizationProfileThenTheChoicesAreNamed() {
    assertThat(cli.execute("worker", "-b", "memory://x", "-O", "fast")).isEqualTo(2);
    assertThat(cli.err()).contains("-O takes fair or default, was 'fast'");
  }

  @Test
  void givenThreeQueuesAndOneExcludedWhenTheWorkerRunsThenItConsumesOnlyTheOtherTwo()
      throws Exception {
    send("q.a", 1);
    send("q.b", 2);
    send("q.c", 3);

    CompletableFuture<Integer> exit = startWorker("-Q", "q.a,q.b,q.c", "-X", "q.b", "-n", "x@h");

    assertThat(cli.out()).contains("queues:      q.a, q.c");
    await().atMost(WAIT).until(() -> waiting("q.a") == 0 && waiting("q.c") == 0);
    assertThat(waiting("q.b")).isEqualTo(1);
    stop(exit);
    assertThat(waiting("q.b")).isEqualTo(1);
  }

  @Test
  void givenWaitingMessagesWhenTheWorkerStartsWithPurgeThenTheyAreDeletedBeforeItConsumes()
      throws Exception {
    for (int i = 0; i < 3; i++) {
      send("celery", i);
    }

    CompletableFuture<Integer> exit = startWorker("-Q", "celery", "--purge", "-n", "p@h");

    // all three were still waiting when purged, so none had been handed to the worker
    assertThat(logLines()).contains("--purge: deleted 3 message(s) from queue celery");
    send("celery", 9);
    await().atMost(WAIT).until(() -> waiting("celery") == 0);
    stop(exit);
  }

  @Test
  void givenFairAndTheWithoutSwitchesWhenTheWorkerStartsThenEachIsExplainedInTheLog()
      throws Exception {
    CompletableFuture<Integer> exit =
        startWorker(
            "-O",
            "fair",
            "--without-heartbeat",
            "--without-mingle",
            "--without-gossip",
            "-n",
            "o@h");
    stop(exit);

    List<String> lines = logLines();
    assertThat(lines)
        .anySatisfy(l -> assertThat(l).startsWith("-O fair: Fennel already schedules fairly"));
    assertThat(lines)
        .anySatisfy(l ->
            assertThat(l)
                .startsWith("--without-heartbeat: worker-heartbeat events are still sent"));
    assertThat(lines)
        .contains(
            "--without-mingle: Fennel workers do not mingle at start; nothing to turn off",
            "--without-gossip: Fennel workers do not gossip; nothing to turn off");
  }
}
