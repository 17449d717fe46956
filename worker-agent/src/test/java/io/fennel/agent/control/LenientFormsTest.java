package io.fennel.agent.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fennel.agent.testing.AgentFixture;
import io.fennel.core.worker.Worker;
import io.fennel.protocol.PythonJson;
import io.fennel.protocol.event.TaskRevoked;
import io.fennel.protocol.state.TaskState;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A worker's pidbox takes the argument forms Celery's worker takes (Flower's {@code terminate: 1},
 * Python's truthiness, numbers as strings, any standard signal) and answers a form it cannot read
 * with an error naming the argument, the value and what to send instead.
 */
class LenientFormsTest {
  private static final Duration T = Duration.ofSeconds(5);

  private final AgentFixture f = new AgentFixture();
  private final Control control = new Control(f.app);

  @AfterEach
  void close() {
    f.close();
  }

  private JsonNode send(String method, String arguments) {
    ObjectNode args = (ObjectNode) PythonJson.read("arguments", arguments);
    return control.control(method, args, List.of("w1@vm"), T, true).get("w1@vm");
  }

  @Test
  void flowersTerminateOneWithASignalNumberStopsARunningTask() {
    Worker w = f.worker("w1@vm");
    String id = f.app.task("demo.block").delay().id();
    await().until(() -> w.control().active().size() == 1);

    JsonNode reply =
        send("revoke", "{\"task_id\": \"" + id + "\", \"terminate\": 1, \"signal\": 9}");

    assertThat(reply.path("ok").asText()).isEqualTo("terminate: " + id);
    await().until(() -> f.app.asyncResult(id).state() == TaskState.REVOKED);
    await().until(() -> !f.broker.events(TaskRevoked.TYPE).isEmpty());
    TaskRevoked revoked = (TaskRevoked) f.broker.events(TaskRevoked.TYPE).get(0);
    assertThat(revoked.terminated()).isTrue();
    assertThat(revoked.signum()).isEqualTo(9);
  }

  @Test
  void aNonEmptyStringIsATruthyTerminateAndAnyStandardSignalIsReportedByItsNumber() {
    Worker w = f.worker("w1@vm");
    String id = f.app.task("demo.block").delay().id();
    await().until(() -> w.control().active().size() == 1);

    JsonNode reply =
        send(
            "revoke",
            "{\"task_id\": \"" + id + "\", \"terminate\": \"False\", \"signal\": \"INT\"}");

    assertThat(reply.path("ok").asText()).isEqualTo("terminate: " + id);
    await().until(() -> !f.broker.events(TaskRevoked.TYPE).isEmpty());
    TaskRevoked revoked = (TaskRevoked) f.broker.events(TaskRevoked.TYPE).get(0);
    assertThat(revoked.terminated()).isTrue();
    assertThat(revoked.signum()).isEqualTo(2);
  }

  @Test
  void terminateZeroOnlyFlagsTheTask() {
    Worker w = f.worker("w1@vm");
    JsonNode reply = send("revoke", "{\"task_id\": [\"a\", \"b\"], \"terminate\": 0}");
    assertThat(reply.path("ok").asText()).isEqualTo("tasks a, b flagged as revoked");
    assertThat(w.control().revokedIds()).contains("a", "b");
  }

  @Test
  void numbersGivenAsStringsAreApplied() {
    Worker w = f.worker("w1@vm");
    int size = w.control().poolSize();
    assertThat(send("pool_grow", "{\"n\": \"2\"}").path("ok").asText()).isEqualTo("pool will grow");
    assertThat(w.control().poolSize()).isEqualTo(size + 2);
    assertThat(
            send("time_limit", "{\"task_name\": \"demo.add\", \"soft\": \"5\", \"hard\": 7.5}")
                .path("ok")
                .asText())
        .isEqualTo("time limits set successfully");
    assertThat(w.control().timeLimit("demo.add")).containsExactly(5.0, 7.5);
    assertThat(
            send("rate_limit", "{\"task_name\": \"demo.add\", \"rate_limit\": 5}")
                .path("ok")
                .asText())
        .isEqualTo("new rate limit set successfully");
    assertThat(w.control().rateLimit("demo.add").perSecond()).isEqualTo(5.0);
  }

  @Test
  void aFormNoWorkerCouldReadIsAnsweredWithAnErrorNamingTheArgumentValueAndFix() {
    f.worker("w1@vm");
    String error = send("pool_grow", "{\"n\": \"lots\"}").path("error").asText();
    assertThat(error)
        .startsWith("pool_grow: argument 'n' must be a whole number")
        .contains("\"lots\"");
    String signal =
        send("revoke", "{\"task_id\": \"a\", \"signal\": \"SIGFOO\"}").path("error").asText();
    assertThat(signal).contains("'signal'").contains("SIGFOO").contains("a signal name or number");
  }

  @Test
  void poolRestartIsRefusedSayingWhatToDoInstead() {
    f.worker("w1@vm");
    assertThat(send("pool_restart", "{\"reload\": true}").path("error").asText())
        .startsWith("pool_restart: ")
        .contains("restart the worker");
  }
}
