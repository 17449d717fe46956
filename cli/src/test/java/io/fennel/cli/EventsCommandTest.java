package io.fennel.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.fennel.agent.AgentOptions;
import io.fennel.protocol.PythonJson;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** `fennel events` prints the live event stream as one line per event. */
class EventsCommandTest {
  /**
   * Started by the tests once {@code events} listens, so worker-online comes first; heartbeats far
   * apart, so the only other events are the test's task's.
   */
  private final RunningWorker w =
      new RunningWorker(
          "w1@test",
          AgentOptions.builder().taskEvents(true).heartbeatInterval(Duration.ofHours(1)).build(),
          false);

  private final CliRun cli = new CliRun();

  @AfterEach
  void close() throws Exception {
    w.close();
  }

  /** Starts {@code fennel events ARGS} and returns its exit once it listens. */
  private CompletableFuture<Integer> startEvents(String... args) throws InterruptedException {
    EventsCommand command = cli.commandLine.getSubcommands().get("events").getCommand();
    List<String> all = new java.util.ArrayList<>(List.of("events", "-b", w.url));
    all.addAll(List.of(args));
    CompletableFuture<Integer> exit =
        CompletableFuture.supplyAsync(() -> cli.execute(all.toArray(String[]::new)));
    assertThat(command.awaitListening(Duration.ofSeconds(10))).as(cli.err()).isTrue();
    return exit;
  }

  @Test
  void limitPrintsTheTaskEventsOfARunThenExits() throws Exception {
    CompletableFuture<Integer> exit = startEvents("--limit", "4");
    w.start();
    await().atMost(Duration.ofSeconds(10)).until(() -> cli.out().contains("worker-online"));
    String id = w.app.task("demo.add").delay(2, 3).id();

    assertThat(exit.get(10, TimeUnit.SECONDS)).as(cli.err()).isZero();
    List<String> lines = cli.out().lines().toList();
    assertThat(lines).hasSize(4);
    assertThat(lines.get(0))
        .matches("\\d\\d:\\d\\d:\\d\\d w1@test worker-online fennel \\S+ \\(.+\\) freq=3600.000s");
    assertThat(lines.get(1))
        .matches("\\d\\d:\\d\\d:\\d\\d w1@test task-received " + id + " demo.add .*")
        .contains("args=(2, 3) kwargs={}");
    assertThat(lines.get(2))
        .matches("\\d\\d:\\d\\d:\\d\\d w1@test task-started " + id + " demo.add");
    assertThat(lines.get(3))
        .matches(
            "\\d\\d:\\d\\d:\\d\\d w1@test task-succeeded "
                + id
                + " demo.add result=5 runtime=\\d+\\.\\d{3}s");
    assertThat(cli.err()).contains("listening on " + w.url);
  }

  @Test
  void dumpPrintsEachEventAsOneLineOfJson() throws Exception {
    CompletableFuture<Integer> exit = startEvents("--dump", "--limit", "4");
    w.start();
    await().atMost(Duration.ofSeconds(10)).until(() -> cli.out().contains("worker-online"));
    String id = w.app.task("demo.fail").delay("boom").id();

    assertThat(exit.get(10, TimeUnit.SECONDS)).as(cli.err()).isZero();
    List<JsonNode> events = cli.out().lines().map(l -> PythonJson.read("line", l)).toList();
    assertThat(events)
        .extracting(e -> e.get("type").asText())
        .containsExactly("worker-online", "task-received", "task-started", "task-failed");
    assertThat(events.subList(1, 4))
        .allSatisfy(e -> assertThat(e.get("uuid").asText()).isEqualTo(id));
    assertThat(events.get(3).get("exception").asText()).contains("boom");
    assertThat(events).allSatisfy(e -> assertThat(e.get("hostname").asText()).isEqualTo("w1@test"));
  }

  @Test
  void theTailRunsUntilStoppedAndShowsHeartbeatsInShort() throws Exception {
    EventsCommand command = cli.commandLine.getSubcommands().get("events").getCommand();
    CompletableFuture<Integer> exit = startEvents();
    w.start();
    await().atMost(Duration.ofSeconds(10)).until(() -> cli.out().contains("worker-online"));
    assertThat(new CliRun().execute("control", "heartbeat", "-b", w.url, "-d", w.node)).isZero();
    await().atMost(Duration.ofSeconds(10)).until(() -> cli.out().contains("worker-heartbeat"));
    assertThat(cli.out())
        .containsPattern("\\d\\d:\\d\\d:\\d\\d w1@test worker-heartbeat active=0 processed=0");
    assertThat(exit).isNotDone();

    command.requestStop();

    assertThat(exit.get(10, TimeUnit.SECONDS)).isZero();
  }

  @Test
  void timeoutStopsAfterSilence() throws Exception {
    CompletableFuture<Integer> exit = startEvents("--timeout", "0.2");
    assertThat(exit.get(10, TimeUnit.SECONDS)).isZero();
    assertThat(cli.out()).isEmpty();
    assertThat(cli.err()).contains("no event for 0.2 s; stopping");
  }

  @Test
  void aLimitBelowOneIsAUsageError() {
    assertThat(cli.execute("events", "-b", w.url, "--limit", "0")).isEqualTo(2);
    assertThat(cli.err()).contains("--limit must be >= 1, was 0");
  }
}
