package io.fennel.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.fennel.protocol.PythonJson;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** `fennel inspect` against a real worker agent: each query's reply as the CLI prints it. */
class InspectCommandTest {
  private static final String NL = System.lineSeparator();

  private final RunningWorker w = new RunningWorker("w1@test");
  private final CliRun cli = new CliRun();

  @AfterEach
  void close() throws Exception {
    w.close();
  }

  private int inspect(String... args) {
    List<String> all =
        new java.util.ArrayList<>(List.of("inspect", "-b", w.url, "-t", "5", "-d", w.node));
    all.addAll(1, List.of(args));
    return cli.execute(all.toArray(String[]::new));
  }

  @Test
  void pingPrintsEachNodeOkWithPongAndHowManyAreOnline() {
    assertThat(inspect("ping")).as(cli.err()).isZero();
    assertThat(cli.out())
        .isEqualTo("-> w1@test: OK" + NL + "    pong" + NL + NL + "1 node online." + NL);
  }

  @Test
  void registeredListsOneTaskNameALine() {
    assertThat(inspect("registered")).as(cli.err()).isZero();
    assertThat(cli.out().lines().toList())
        .startsWith("-> w1@test: OK")
        .contains("    * demo.add", "    * demo.fail", "    * demo.sleep");
  }

  @Test
  void statsAreIndentedJsonWithThePid() {
    assertThat(inspect("stats")).as(cli.err()).isZero();
    assertThat(cli.out())
        .startsWith("-> w1@test: OK" + NL + "    {")
        .contains("    \"pid\" : " + ProcessHandle.current().pid());
  }

  @Test
  void jsonPrintsOneObjectKeyedByNode() {
    assertThat(inspect("ping", "--json")).as(cli.err()).isZero();
    JsonNode replies = PythonJson.read("out", cli.out().strip());
    assertThat(replies.get("w1@test").get("ok").asText()).isEqualTo("pong");
    assertThat(cli.out().strip().lines()).hasSize(1);
  }

  @Test
  void activeShowsIdNameArgsAndKwargsOfARunningTask() {
    String id = w.app.task("demo.sleep").delay(30).id();
    await().atMost(Duration.ofSeconds(10)).until(() -> !w.worker.control().active().isEmpty());
    assertThat(inspect("active")).as(cli.err()).isZero();
    assertThat(cli.out()).contains("    * " + id + " demo.sleep [30] {}");
  }

  @Test
  void queryTaskNeedsAnIdAndSendsNothingWithout() {
    assertThat(inspect("query_task")).isEqualTo(2);
    assertThat(cli.err()).contains("inspect query_task needs at least one task id");
    assertThat(cli.out()).isEmpty();
  }

  @Test
  void queryTaskOfAnUnknownIdIsEmpty() {
    assertThat(inspect("query_task", UUID.randomUUID().toString())).as(cli.err()).isZero();
    assertThat(cli.out()).contains("    - empty -");
  }

  @Test
  void clockShowsTheLamportClock() {
    assertThat(inspect("clock")).as(cli.err()).isZero();
    assertThat(cli.out()).containsPattern("    clock: \\d+");
  }

  @Test
  void anUnknownCommandIsNamedWithTheValidOnes() {
    assertThat(inspect("pong")).isEqualTo(2);
    assertThat(cli.err())
        .contains("unknown inspect command 'pong'")
        .contains("ping, active, reserved, scheduled, revoked, registered, stats, active_queues")
        .contains("query_task, report, clock")
        .contains("fennel inspect --help");
  }

  @Test
  void argumentsToACommandWithoutAreRefused() {
    assertThat(inspect("ping", "extra")).isEqualTo(2);
    assertThat(cli.err()).contains("inspect ping takes no arguments, got 'extra'");
  }

  @Test
  void noReplyInTimeIsAnErrorWithCelerysExitCode() {
    int code = cli.execute("inspect", "ping", "-b", w.url, "-d", "nobody@nowhere", "-t", "0.2");
    assertThat(code).isEqualTo(RemoteReplies.NO_REPLY).isEqualTo(69);
    assertThat(cli.err()).isEqualTo("Error: No nodes replied within time constraint." + NL);
    assertThat(cli.out()).isEmpty();
  }

  @Test
  void aTimeoutThatIsNotPositiveIsAUsageError() {
    assertThat(cli.execute("inspect", "ping", "-b", w.url, "-t", "0")).isEqualTo(2);
    assertThat(cli.err()).contains("-t/--timeout must be a positive number of seconds, was 0.0");
  }
}
