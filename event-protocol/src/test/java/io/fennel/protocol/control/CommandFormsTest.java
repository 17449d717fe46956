package io.fennel.protocol.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fennel.protocol.PythonJson;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Commands read every form Celery's worker takes (Flower's {@code terminate=1}, flags by Python's
 * truthiness, any standard signal, numbers as strings, one id or a list), refuse the rest naming
 * the argument, the value and the accepted forms, and every command written by Fennel reads back as
 * itself.
 */
class CommandFormsTest {

  private static Command parse(String method, String arguments) {
    return Command.from(method, (ObjectNode) PythonJson.read("arguments", arguments));
  }

  @ParameterizedTest(name = "[{index}] {0}")
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '`',
      textBlock =
          """
          {"task_id": "a", "terminate": 1}                         | true  | SIGTERM
          {"task_id": "a", "terminate": 0}                         | false | SIGTERM
          {"task_id": "a", "terminate": -1}                        | true  | SIGTERM
          {"task_id": "a", "terminate": 0.0}                       | false | SIGTERM
          {"task_id": "a", "terminate": 0.5}                       | true  | SIGTERM
          {"task_id": "a", "terminate": "1"}                       | true  | SIGTERM
          {"task_id": "a", "terminate": "true"}                    | true  | SIGTERM
          {"task_id": "a", "terminate": "yes"}                     | true  | SIGTERM
          {"task_id": "a", "terminate": "False"}                   | true  | SIGTERM
          {"task_id": "a", "terminate": "0"}                       | true  | SIGTERM
          {"task_id": "a", "terminate": " "}                       | true  | SIGTERM
          {"task_id": "a", "terminate": ""}                        | false | SIGTERM
          {"task_id": "a", "terminate": [1]}                       | true  | SIGTERM
          {"task_id": "a", "terminate": [0]}                       | true  | SIGTERM
          {"task_id": "a", "terminate": []}                        | false | SIGTERM
          {"task_id": "a", "terminate": {"a": 1}}                  | true  | SIGTERM
          {"task_id": "a", "terminate": {}}                        | false | SIGTERM
          {"task_id": "a", "terminate": false}                     | false | SIGTERM
          {"task_id": "a", "terminate": null}                      | false | SIGTERM
          {"task_id": "a"}                                         | false | SIGTERM
          {"task_id": "a", "terminate": "yes", "signal": 9}        | true  | SIGKILL
          {"task_id": "a", "terminate": true, "signal": "SIGKILL"} | true  | SIGKILL
          {"task_id": "a", "terminate": true, "signal": "kill"}    | true  | SIGKILL
          {"task_id": "a", "terminate": true, "signal": "sigkill"} | true  | SIGKILL
          {"task_id": "a", "terminate": true, "signal": "15"}      | true  | SIGTERM
          {"task_id": "a", "terminate": true, "signal": "TERM"}    | true  | SIGTERM
          {"task_id": "a", "terminate": true, "signal": "SIGINT"}  | true  | SIGINT
          {"task_id": "a", "terminate": true, "signal": "SIGHUP"}  | true  | SIGHUP
          {"task_id": "a", "terminate": true, "signal": "SIGQUIT"} | true  | SIGQUIT
          {"task_id": "a", "terminate": true, "signal": "SIGUSR1"} | true  | SIGUSR1
          {"task_id": "a", "terminate": true, "signal": 1}         | true  | SIGHUP
          {"task_id": "a", "terminate": true, "signal": 2}         | true  | SIGINT
          {"task_id": "a", "terminate": 1.0, "signal": null}       | true  | SIGTERM
          """)
  void flowerAndPythonFormsOfRevokeParse(String arguments, boolean terminate, Signal signal) {
    Revoke r = (Revoke) parse("revoke", arguments);
    assertThat(r.ids()).containsExactly("a");
    assertThat(r.terminate()).isEqualTo(terminate);
    assertThat(r.signal()).isEqualTo(signal);
  }

  @Test
  void aSingleIdAndAListOfIdsBothParseAndOneIdIsWrittenAsAString() {
    Revoke one = (Revoke) parse("revoke", "{\"task_id\": \"a\"}");
    Revoke many = (Revoke) parse("revoke", "{\"task_id\": [\"a\", \"b\"]}");
    Revoke listOfOne = (Revoke) parse("revoke", "{\"task_id\": [\"a\"]}");
    assertThat(one.ids()).containsExactly("a");
    assertThat(many.ids()).containsExactly("a", "b");
    assertThat(listOfOne).isEqualTo(one);
    assertThat(one.toArguments().get("task_id").isTextual()).isTrue();
    assertThat(many.toArguments().get("task_id").isArray()).isTrue();
    assertThat(((QueryTask) parse("query_task", "{\"ids\": \"a\"}")).ids()).containsExactly("a");
  }

  @Test
  void numbersMayComeAsIntsFloatsOrStrings() {
    assertThat(parse("pool_grow", "{\"n\": \"2\"}")).isEqualTo(new PoolGrow(2));
    assertThat(parse("pool_grow", "{\"n\": 2.0}")).isEqualTo(new PoolGrow(2));
    assertThat(parse("pool_grow", "{}")).isEqualTo(new PoolGrow(1));
    assertThat(parse("pool_shrink", "{\"n\": \" 3 \"}")).isEqualTo(new PoolShrink(3));
    assertThat(parse("autoscale", "{\"max\": \"4\", \"min\": 1}")).isEqualTo(new Autoscale(4, 1));
    assertThat(parse("time_limit", "{\"task_name\": \"demo.add\", \"soft\": \"5\", \"hard\": 10}"))
        .isEqualTo(new TimeLimit("demo.add", 5.0, 10.0));
    assertThat(
            parse("time_limit", "{\"task_name\": \"demo.add\", \"soft\": 2.5, \"hard\": \"7.5\"}"))
        .isEqualTo(new TimeLimit("demo.add", 2.5, 7.5));
    assertThat(parse("time_limit", "{\"task_name\": \"demo.add\", \"soft\": 0, \"hard\": null}"))
        .isEqualTo(new TimeLimit("demo.add", null, null));
  }

  @Test
  void aRateMayBeTextOrANumberAndNullSwitchesItOff() {
    assertThat(parse("rate_limit", "{\"task_name\": \"demo.add\", \"rate_limit\": \"10/s\"}"))
        .isEqualTo(new RateLimit("demo.add", "10/s"));
    assertThat(parse("rate_limit", "{\"task_name\": \"demo.add\", \"rate_limit\": 5}"))
        .isEqualTo(new RateLimit("demo.add", "5"));
    assertThat(parse("rate_limit", "{\"task_name\": \"demo.add\", \"rate_limit\": null}"))
        .isEqualTo(new RateLimit("demo.add", "0"));
  }

  @ParameterizedTest(name = "[{index}] {0} {1}")
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '`',
      textBlock =
          """
          revoke      | {"task_id": "a", "signal": "SIGFOO"}     | signal    | "SIGFOO" | a signal name or number
          revoke      | {"task_id": "a", "signal": 0}            | signal    | 0        | a signal name or number
          revoke      | {"task_id": "a", "signal": 99}           | signal    | 99       | a signal name or number
          revoke      | {"task_id": "a", "signal": [9]}          | signal    | [9]      | a signal name or number
          terminate   | {"task_id": "a", "signal": "SIGFOO"}     | signal    | "SIGFOO" | a signal name or number
          revoke      | {"terminate": true}                      | task_id   | missing  | a task id or a list of them
          revoke      | {"task_id": 7}                           | task_id   | 7        | a task id or a list of them
          revoke      | {"task_id": ["a", 7]}                    | task_id   | ["a",7]  | a task id or a list of them
          pool_grow   | {"n": "lots"}                            | n         | "lots"   | a whole number >= 0
          pool_grow   | {"n": 1.5}                               | n         | 1.5      | a whole number >= 0
          pool_shrink | {"n": -1}                                | n         | -1       | a whole number >= 0
          pool_grow   | {"n": true}                              | n         | true     | a whole number >= 0
          autoscale   | {"min": 1}                               | max       | missing  | a whole number >= 1
          autoscale   | {"max": 2, "min": 5}                     | min       | 5        | <= 'max' (2)
          time_limit  | {"task_name": "demo.add", "soft": "soon"} | soft     | "soon"   | a number of seconds
          time_limit  | {"task_name": "demo.add", "hard": -3}    | hard      | -3       | a number of seconds
          time_limit  | {"soft": 3}                              | task_name | missing  | a task name such as demo.add
          rate_limit  | {"task_name": "demo.add"}                | rate_limit | missing | a rate such as 10/s
          rate_limit  | {"task_name": "demo.add", "rate_limit": [1]} | rate_limit | [1] | a rate such as 10/s
          add_consumer | {"queue": ""}                           | queue     | ""       | a queue name
          cancel_consumer | {}                                   | queue     | missing  | a queue name
          """)
  void badFormsAreRefusedNamingTheArgumentTheValueAndTheFix(
      String method, String arguments, String argument, String value, String fix) {
    CommandArgumentException e =
        catchThrowableOfType(CommandArgumentException.class, () -> parse(method, arguments));
    assertThat(e).as(method + " " + arguments).isNotNull();
    assertThat(e.method()).isEqualTo(method);
    assertThat(e.argument()).isEqualTo(argument);
    assertThat(e.getMessage())
        .startsWith(method + ": argument '" + argument + "'")
        .contains(value)
        .contains(fix);
  }

  @Test
  void anUnknownMethodIsCarriedAsGiven() {
    Command c = parse("frobnicate", "{\"x\": 1}");
    assertThat(c)
        .isEqualTo(new Unknown("frobnicate", (ObjectNode) PythonJson.read("a", "{\"x\": 1}")));
    assertThat(c.method()).isEqualTo("frobnicate");
    assertThat(c.toArguments().get("x").asInt()).isEqualTo(1);
  }

  @Test
  void everyCommandFennelWritesReadsBackAsItself() {
    List<Command> all =
        List.of(
            new Revoke(List.of("a"), true, Signal.SIGKILL),
            new Revoke(List.of("a", "b"), false, Signal.SIGTERM),
            new Terminate(Signal.SIGKILL, List.of("a", "b")),
            new RateLimit("demo.add", "10/m"),
            new TimeLimit("demo.add", 5.0, 10.5),
            new TimeLimit("demo.add", null, 3.0),
            new PoolGrow(3),
            new PoolShrink(0),
            new PoolRestart(List.of("tasks"), true),
            new Autoscale(8, 2),
            new AddConsumer("extra", "ex", "topic", "rk.#", Map.of()),
            AddConsumer.of("extra"),
            new CancelConsumer("extra"),
            new EnableEvents(),
            new DisableEvents(),
            new Heartbeat(),
            new Shutdown(),
            new Ping(),
            new Active(null),
            new Active(true),
            new Reserved(),
            new Scheduled(),
            new Revoked(),
            new Registered(List.of("rate_limit")),
            new Stats(),
            new ActiveQueues(),
            new Conf(false),
            new QueryTask(List.of("a", "b")),
            new Report(),
            new Clock(),
            new Hello("w1@vm", Map.of("a", 1.5)));
    for (Command c : all) {
      assertThat(Command.from(c.method(), c.toArguments())).as(c.toString()).isEqualTo(c);
    }
    assertThat(new Shutdown().answered()).isFalse();
    assertThat(new Heartbeat().answered()).isFalse();
    assertThat(new Ping().answered()).isTrue();
  }

  @Test
  void addConsumerKeepsFurtherOptionsInOrder() {
    AddConsumer c =
        (AddConsumer)
            parse(
                "add_consumer",
                "{\"queue\": \"q\", \"exchange\": null, \"exchange_type\": null,"
                    + " \"routing_key\": null, \"exchange_durable\": false, \"x\": 1}");
    assertThat(c.effectiveExchangeType()).isEqualTo("direct");
    assertThat(c.options()).containsOnlyKeys("exchange_durable", "x");
    assertThat(PythonJson.write(c.toArguments()))
        .isEqualTo(
            "{\"queue\": \"q\", \"exchange\": null, \"exchange_type\": null, \"routing_key\":"
                + " null, \"exchange_durable\": false, \"x\": 1}");
  }
}
