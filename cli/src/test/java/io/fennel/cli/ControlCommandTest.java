package io.fennel.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.fennel.core.broker.Broker;
import io.fennel.core.broker.DeliveryHandler;
import io.fennel.core.broker.ExchangeType;
import io.fennel.core.broker.QueueSpec;
import io.fennel.core.broker.Subscription;
import io.fennel.protocol.PythonJson;
import io.fennel.protocol.WireNames;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * `fennel control` against a real worker agent: each command's reply as the CLI prints it, and the
 * worker changed.
 */
class ControlCommandTest {
  private static final String NL = System.lineSeparator();

  private final RunningWorker w = new RunningWorker("w1@test");
  private final CliRun cli = new CliRun();

  @AfterEach
  void close() throws Exception {
    w.close();
  }

  private int control(String... args) {
    List<String> all =
        new java.util.ArrayList<>(List.of("control", "-b", w.url, "-t", "5", "-d", w.node));
    all.addAll(1, List.of(args));
    return cli.execute(all.toArray(String[]::new));
  }

  /** Records every control request published, to show that bad arguments send nothing. */
  private List<String> recordRequests() {
    Broker broker = w.app.unsafe().broker();
    broker.declareExchange(WireNames.CONTROL_EXCHANGE, ExchangeType.FANOUT, false, false);
    broker.declareQueue(new QueueSpec("spy.pidbox", false, false, true, Map.of()));
    broker.bind("spy.pidbox", WireNames.CONTROL_EXCHANGE, "");
    List<String> seen = new CopyOnWriteArrayList<>();
    DeliveryHandler h =
        d -> {
          seen.add(PythonJson.read("body", d.body()).path("method").asText());
          d.ack();
        };
    Subscription unused = broker.consume("spy.pidbox", 0, h);
    return seen;
  }

  @Test
  void rateLimitChangesTheWorkersLimitAndPrintsItsReply() {
    assertThat(control("rate_limit", "demo.add", "10/s")).as(cli.err()).isZero();
    assertThat(cli.out())
        .isEqualTo("-> w1@test: OK" + NL + "    new rate limit set successfully" + NL);
    assertThat(w.worker.control().rateLimit("demo.add").text()).isEqualTo("10/s");
    assertThat(w.worker.control().rateLimit("demo.add").perSecond()).isEqualTo(10.0);
  }

  @Test
  void anErrorReplyIsPrintedAsErrorAndExitsOne() {
    assertThat(control("rate_limit", "no.such.task", "5/m")).isEqualTo(1);
    assertThat(cli.out())
        .isEqualTo("-> w1@test: ERROR" + NL + "    unknown task no.such.task" + NL);
  }

  @Test
  void jsonPrintsTheRepliesAsOneObject() {
    assertThat(control("pool_grow", "2", "--json")).as(cli.err()).isZero();
    JsonNode replies = PythonJson.read("out", cli.out().strip());
    assertThat(replies.get("w1@test").get("ok").asText()).isEqualTo("pool will grow");
  }

  @Test
  void timeLimitAndEventsAreSetOnTheWorker() {
    assertThat(control("time_limit", "demo.add", "5", "10")).as(cli.err()).isZero();
    assertThat(cli.out()).contains("    time limits set successfully");
    assertThat(w.worker.control().timeLimit("demo.add")).containsExactly(5.0, 10.0);
    assertThat(control("disable_events")).isZero();
    assertThat(cli.out()).contains("    task events disabled");
  }

  @Test
  void addConsumerStartsConsumingTheQueue() {
    assertThat(control("add_consumer", "extra")).as(cli.err()).isZero();
    assertThat(cli.out()).contains("    add consumer extra");
    assertThat(w.worker.control().queues()).contains("extra");
  }

  @Test
  void revokeFlagsTheTaskAsRevoked() {
    assertThat(control("revoke", "id-1", "id-2")).as(cli.err()).isZero();
    assertThat(cli.out()).contains("    tasks id-1, id-2 flagged as revoked");
    assertThat(w.worker.control().revokedIds()).contains("id-1", "id-2");
  }

  @Test
  void shutdownIsSentWithoutWaitingForAReplyAndStopsTheWorker() throws Exception {
    assertThat(control("shutdown")).as(cli.err()).isZero();
    assertThat(cli.out()).isEqualTo("shutdown sent" + NL);
    assertThat(w.worker.awaitStopped(Duration.ofSeconds(10))).isTrue();
  }

  @Test
  void aRateThatIsNotARateIsRefusedBeforeAnythingIsSent() {
    List<String> sent = recordRequests();
    assertThat(control("rate_limit", "demo.add", "fast")).isEqualTo(2);
    assertThat(cli.err())
        .contains("control rate_limit: RATE must look like 10/s, 100/m or 1000/h")
        .contains("was 'fast'")
        .contains("usage: rate_limit TASK RATE");
    assertThat(control("ping")).isEqualTo(2); // not a control command: sent nothing either
    assertThat(cli.execute("inspect", "ping", "-b", w.url, "-t", "5", "-d", w.node)).isZero();
    await().atMost(Duration.ofSeconds(5)).until(() -> !sent.isEmpty());
    assertThat(sent).containsExactly("ping");
    assertThat(w.worker.control().rateLimit("demo.add").limited()).isFalse();
  }

  @Test
  void aMissingTaskNameOrRateSaysWhichIsMissing() {
    assertThat(control("rate_limit")).isEqualTo(2);
    assertThat(cli.err()).contains("control rate_limit: missing TASK");
    assertThat(control("rate_limit", "demo.add")).isEqualTo(2);
    assertThat(cli.err()).contains("control rate_limit: missing RATE");
  }

  @Test
  void otherBadArgumentsNameTheValue() {
    assertThat(control("pool_shrink", "-1")).isEqualTo(2);
    assertThat(cli.err()).contains("N must be a whole number >= 1, was '-1'");
    assertThat(control("autoscale", "2", "5")).isEqualTo(2);
    assertThat(cli.err()).contains("MIN must be <= MAX, was MIN 5 and MAX 2");
    assertThat(control("terminate", "SIGFOO", "id-1")).isEqualTo(2);
    assertThat(cli.err()).contains("SIGNAL must be a signal name or number").contains("'SIGFOO'");
    assertThat(control("revoke", "id-1", "--signal", "SIGKILL")).isEqualTo(2);
    assertThat(cli.err()).contains("--signal needs --terminate");
    assertThat(control("enable_events", "now")).isEqualTo(2);
    assertThat(cli.err()).contains("control enable_events: takes no arguments, got 'now'");
  }

  @Test
  void aSignalMayBeANumberOrALowerCaseNameAndTerminateNamesTheTasksItStopped() {
    assertThat(control("terminate", "9", "id-1")).as(cli.err()).isZero();
    assertThat(cli.out()).contains("    terminate: tasks unknown");
    assertThat(control("revoke", "id-2", "--terminate", "--signal", "kill")).as(cli.err()).isZero();
    assertThat(w.worker.control().revokedIds()).contains("id-1", "id-2");
  }

  @Test
  void anUnknownCommandIsNamedWithTheValidOnes() {
    assertThat(control("rate-limit", "demo.add", "1/s")).isEqualTo(2);
    assertThat(cli.err())
        .contains("unknown control command 'rate-limit'")
        .contains("revoke, terminate, rate_limit, time_limit, pool_grow, pool_shrink, autoscale");
  }

  @Test
  void noReplyInTimeIsAnErrorWithCelerysExitCode() {
    int code =
        cli.execute(
            "control", "rate_limit", "demo.add", "1/s", "-b", w.url, "-d", "x@y", "-t", "0.2");
    assertThat(code).isEqualTo(69);
    assertThat(cli.err()).isEqualTo("Error: No nodes replied within time constraint." + NL);
  }
}
