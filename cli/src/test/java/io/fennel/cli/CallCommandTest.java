package io.fennel.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.fennel.core.broker.Broker;
import io.fennel.core.broker.Brokers;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * {@code fennel call}: sends a task with its arguments and options, and refuses bad input by name.
 */
class CallCommandTest {
  private final String url = "memory://call-" + UUID.randomUUID();
  private final Broker broker = Brokers.open(url);
  private final CliRun cli = new CliRun();

  @AfterEach
  void close() {
    broker.close();
  }

  @Test
  void callSendsTheTaskAndPrintsItsId() {
    assertThat(cli.execute("call", "demo.add", "--args", "[2, 3]", "-b", url)).isZero();
    String id = cli.out().strip();
    assertThat(UUID.fromString(id).toString()).isEqualTo(id);
    assertThat(broker.queueStats("celery").orElseThrow().messages()).isEqualTo(1);
  }

  @Test
  void callHonoursTheQueueAndTheTimingOptions() {
    int code =
        cli.execute(
            "call",
            "demo.add",
            "-a",
            "[1, 1]",
            "-k",
            "{}",
            "--queue",
            "other",
            "--countdown",
            "5",
            "--expires",
            "60",
            "--priority",
            "3",
            "-b",
            url);
    assertThat(code).as(cli.err()).isZero();
    assertThat(broker.queueStats("other").orElseThrow().messages()).isEqualTo(1);
  }

  @Test
  void badJsonInArgsNamesTheFlagAndTheValue() {
    assertThat(cli.execute("call", "demo.add", "--args", "[2,", "-b", url)).isEqualTo(1);
    assertThat(cli.err())
        .isEqualTo(
            "fennel: --args must be a JSON list such as '[2, 3]', was '[2,'"
                + System.lineSeparator());
  }

  @Test
  void argsThatAreNotAListAreRefused() {
    assertThat(cli.execute("call", "demo.add", "--args", "{\"x\": 1}", "-b", url)).isEqualTo(1);
    assertThat(cli.err()).contains("--args must be a JSON list").contains("{\"x\": 1}");
  }

  @Test
  void kwargsThatAreNotAnObjectAreRefused() {
    assertThat(cli.execute("call", "demo.add", "--kwargs", "[1]", "-b", url)).isEqualTo(1);
    assertThat(cli.err())
        .contains("fennel: --kwargs must be a JSON object such as '{\"x\": 2}', was '[1]'");
  }

  @Test
  void aBadEtaSaysWhichFormatIsExpected() {
    assertThat(cli.execute("call", "demo.add", "--eta", "tomorrow", "-b", url)).isEqualTo(1);
    assertThat(cli.err()).contains("--eta must be an ISO-8601 time").contains("'tomorrow'");
  }

  @Test
  void aPriorityOutOfRangeIsRefused() {
    assertThat(cli.execute("call", "demo.add", "--priority", "12", "-b", url)).isEqualTo(1);
    assertThat(cli.err()).contains("--priority must be between 0 and 9, was 12");
  }

  @Test
  void aNegativeCountdownIsRefused() {
    assertThat(cli.execute("call", "demo.add", "--countdown", "-1", "-b", url)).isEqualTo(1);
    assertThat(cli.err()).contains("--countdown must be a number of seconds >= 0, was -1.0");
  }

  @Test
  void waitWithoutAResultBackendSaysHowToConfigureOneAndSendsNothing() {
    assertThat(cli.execute("call", "demo.add", "--args", "[1,2]", "--wait", "-b", url))
        .isEqualTo(1);
    assertThat(cli.err()).contains("--wait needs a result backend").contains("--result-backend");
    assertThat(broker.queueStats("celery")).isEmpty();
  }

  @Test
  void aMissingTaskNameIsAUsageError() {
    assertThat(cli.execute("call")).isEqualTo(2);
    assertThat(cli.err()).contains("NAME");
  }

  @Test
  void resultOfAnUnknownIdIsPending() {
    assertThat(
            cli.execute(
                "result", UUID.randomUUID().toString(), "-b", url, "--result-backend", "memory://"))
        .isZero();
    assertThat(cli.out()).isEqualTo("state: PENDING" + System.lineSeparator());
  }

  @Test
  void resultWithoutABackendSaysHowToConfigureOne() {
    assertThat(cli.execute("result", "some-id", "-b", url)).isEqualTo(1);
    assertThat(cli.err()).contains("no result backend is configured");
  }

  @Test
  void givenSerializerAndCompressionWhenCallingThenTheMessageIsSentInThatForm() {
    var delivered = new java.util.concurrent.LinkedBlockingQueue<io.fennel.core.broker.Delivery>();
    int code =
        cli.execute(
            "call",
            "demo.add",
            "--args",
            "[2, 3]",
            "--serializer",
            "msgpack",
            "--compression",
            "bzip2",
            "-b",
            url);
    assertThat(code).as(cli.err()).isZero();
    broker.consume("celery", 1, delivered::add);
    org.awaitility.Awaitility.await().until(() -> !delivered.isEmpty());
    io.fennel.core.broker.Delivery d = delivered.peek();
    assertThat(d.properties().contentType()).isEqualTo("application/x-msgpack");
    assertThat(d.properties().headers()).containsEntry("compression", "application/x-bz2");
  }

  @Test
  void givenAnExchangeAndRoutingKeyWhenCallingThenTheTaskIsRoutedByThem() {
    broker.declareQueue(io.fennel.core.broker.QueueSpec.task("routed.q"));
    broker.declareExchange("routed.x", io.fennel.core.broker.ExchangeType.DIRECT, true, false);
    broker.bind("routed.q", "routed.x", "routed.key");
    int code =
        cli.execute(
            "call",
            "demo.add",
            "--args",
            "[1, 2]",
            "-Q",
            "routed.q",
            "--exchange",
            "routed.x",
            "--routing-key",
            "routed.key",
            "-b",
            url);
    assertThat(code).as(cli.err()).isZero();
    assertThat(broker.queueStats("routed.q").orElseThrow().messages()).isEqualTo(1);
  }

  @Test
  void givenAnUnknownSerializerWhenCallingThenTheChoicesAreNamed() {
    assertThat(cli.execute("call", "demo.add", "--serializer", "pickle", "-b", url)).isEqualTo(1);
    assertThat(cli.err()).contains("task_serializer must be json, msgpack, yaml or auth");
  }
}
