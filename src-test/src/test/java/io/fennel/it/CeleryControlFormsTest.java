package io.fennel.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.fennel.agent.AgentOptions;
import io.fennel.agent.WorkerAgent;
import io.fennel.core.Fennel;
import io.fennel.core.producer.SendOptions;
import io.fennel.core.result.AsyncResult;
import io.fennel.core.worker.Worker;
import io.fennel.demo.DemoApp;
import io.fennel.it.support.Proc;
import io.fennel.it.support.Python;
import io.fennel.it.support.Services;
import io.fennel.protocol.PythonJson;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Python Celery 5.2.6's own {@code app.control} calls, with the argument forms Python users and
 * Flower send ({@code terminate=1}, {@code signal='SIGKILL'}, limits as strings or numbers), steer
 * a Fennel worker on the real RabbitMQ: a running task ends REVOKED, and the limits set show in
 * {@code inspect registered}.
 */
class CeleryControlFormsTest {
  static final String BACKEND = "redis://127.0.0.1:6379/14";
  static final Duration WAIT = Duration.ofSeconds(60);

  final String queue = "it.control-forms." + UUID.randomUUID();
  final String node = "jvm-forms-" + UUID.randomUUID().toString().substring(0, 8) + "@it";
  Fennel app;
  Worker worker;
  WorkerAgent agent;

  @BeforeEach
  void startWorker() {
    Services.requireRabbit();
    Services.requireRedis();
    Services.requireCelery();
    app = Fennel.builder().brokerUrl(Services.RABBIT_URL).resultBackend(BACKEND).build();
    new DemoApp().define(app);
    worker = app.worker(app.workerOptions(node, List.of(queue)));
    agent = WorkerAgent.attach(app, worker, AgentOptions.DEFAULTS.withTaskEvents(true));
    worker.start();
  }

  @AfterEach
  void stop() throws Exception {
    if (worker != null) {
      worker.shutdown();
      worker.awaitStopped(Duration.ofSeconds(30));
      agent.close();
      app.unsafe().broker().purge(queue);
      app.close();
    }
  }

  /** Runs {@code control_call.py} and returns the JSON it printed last. */
  private JsonNode python(String target, String method, String argsJson) throws Exception {
    try (Proc p =
        Python.script(Services.RABBIT_URL, BACKEND, "control_call.py", target, method, argsJson)) {
      assertThat(p.waitFor(WAIT)).as(p.output()).isZero();
      List<String> lines = p.lines();
      return PythonJson.read("output of control_call.py " + method, lines.getLast());
    }
  }

  private AsyncResult sleeping() {
    AsyncResult r =
        app.sendTask(
            "demo.sleep", List.of(60), Map.of(), SendOptions.builder().queue(queue).build());
    await()
        .atMost(WAIT)
        .until(() -> worker.control().active().stream().anyMatch(t -> t.id().equals(r.id())));
    return r;
  }

  @Test
  void revokeWithTerminateOneStopsARunningSleepWhichEndsRevoked() throws Exception {
    AsyncResult r = sleeping();

    // exactly as a Python user writes it: app.control.revoke(id, terminate=1), a cast to all
    JsonNode none = python("-", "revoke", "{\"task_id\": \"" + r.id() + "\", \"terminate\": 1}");

    assertThat(none.isNull()).isTrue();
    await().atMost(WAIT).until(() -> r.status().equals("REVOKED"));
    assertThat(worker.control().revokedIds()).contains(r.id());
  }

  @Test
  void revokeWithTerminateTrueAndSigkillStopsARunningSleepAndRepliesWhatItStopped()
      throws Exception {
    AsyncResult r = sleeping();

    JsonNode replies =
        python(
            node,
            "revoke",
            "{\"task_id\": \"" + r.id() + "\", \"terminate\": true, \"signal\": \"SIGKILL\"}");

    assertThat(replies.get(0).get(node).get("ok").asText()).isEqualTo("terminate: " + r.id());
    await().atMost(WAIT).until(() -> r.status().equals("REVOKED"));
  }

  @Test
  void rateAndTimeLimitsInStringAndNumberFormsAreAppliedAndShownByInspect() throws Exception {
    JsonNode rate =
        python(node, "rate_limit", "{\"task_name\": \"demo.add\", \"rate_limit\": \"5/s\"}");
    assertThat(rate.get(0).get(node).get("ok").asText())
        .isEqualTo("new rate limit set successfully");

    JsonNode time =
        python(node, "time_limit", "{\"task_name\": \"demo.add\", \"soft\": \"5\", \"hard\": 10}");
    assertThat(time.get(0).get(node).get("ok").asText()).isEqualTo("time limits set successfully");

    JsonNode registered =
        python(node, "inspect.registered", "[\"rate_limit\", \"time_limit\", \"soft_time_limit\"]");
    assertThat(registered.get(node).toString())
        .contains("demo.add [rate_limit=5/s time_limit=10.0 soft_time_limit=5.0]");
    assertThat(worker.control().rateLimit("demo.add").perSecond()).isEqualTo(5.0);

    JsonNode floats =
        python(node, "time_limit", "{\"task_name\": \"demo.add\", \"soft\": 2.5, \"hard\": \"7\"}");
    assertThat(floats.get(0).get(node).get("ok").asText())
        .isEqualTo("time limits set successfully");
    assertThat(worker.control().timeLimit("demo.add")).containsExactly(2.5, 7.0);
  }
}
