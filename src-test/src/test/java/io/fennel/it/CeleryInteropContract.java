package io.fennel.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.fennel.core.Fennel;
import io.fennel.core.producer.SendOptions;
import io.fennel.core.result.TaskFailedException;
import io.fennel.core.worker.Worker;
import io.fennel.demo.DemoApp;
import io.fennel.demo.DemoFailure;
import io.fennel.it.support.Proc;
import io.fennel.it.support.Python;
import io.fennel.it.support.Services;
import io.fennel.protocol.PythonJson;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Fennel and Debian's Python Celery 5.2.6 on one broker and one Redis result backend, both ways:
 * tasks, results, and failures with their type, message and traceback. {@link CeleryInteropTest}
 * runs it on RabbitMQ, {@link RedisInteropTest} with Redis as the broker.
 */
abstract class CeleryInteropContract {
  /** The broker both sides use. */
  abstract String broker();

  /** The result backend both sides use. */
  abstract String backend();

  /** Skips (or fails in CI) when the broker or backend is not running. */
  abstract void requireServices();

  static final Duration WAIT = Duration.ofSeconds(60);

  static JsonNode lastJsonLine(Proc p) {
    List<String> lines = p.lines();
    for (int i = lines.size() - 1; i >= 0; i--) {
      if (lines.get(i).startsWith("{")) {
        return PythonJson.read("output of " + p, lines.get(i));
      }
    }
    throw new AssertionError("no JSON line in the output of " + p + ":\n" + p.output());
  }

  @Nested
  @TestInstance(TestInstance.Lifecycle.PER_CLASS)
  class PythonClientToFennelWorker {
    final String queue = "it.jvm." + UUID.randomUUID();
    Fennel app;
    Worker worker;

    @BeforeAll
    void startFennelWorker() {
      requireServices();
      Services.requireCelery();
      app = Fennel.builder().brokerUrl(broker()).resultBackend(backend()).build();
      new DemoApp().define(app);
      worker = app.worker(app.workerOptions("jvm-it@%h", List.of(queue)));
      worker.start();
    }

    @AfterAll
    void stop() throws Exception {
      if (worker != null) {
        worker.shutdown();
        worker.awaitStopped(Duration.ofSeconds(30));
        app.unsafe().broker().purge(queue);
        app.close();
      }
    }

    @Test
    void aPythonClientSendsAddToAFennelWorkerAndReadsFiveFromRedis() throws Exception {
      try (Proc py =
          Python.script(broker(), backend(), "send_and_wait.py", "demo.add", queue, "[2, 3]")) {
        assertThat(py.waitFor(WAIT)).as(py.output()).isZero();
        JsonNode out = lastJsonLine(py);
        assertThat(out.get("state").asText()).isEqualTo("SUCCESS");
        assertThat(out.get("result").isInt()).as(out.toString()).isTrue();
        assertThat(out.get("result").asInt()).isEqualTo(5);
      }
    }

    @Test
    void aPythonClientSeesAFennelFailureWithTypeMessageAndTraceback() throws Exception {
      try (Proc py =
          Python.script(
              broker(),
              backend(),
              "send_and_wait.py",
              "demo.fail",
              queue,
              "[\"boom from java\"]")) {
        assertThat(py.waitFor(WAIT)).as(py.output()).isZero();
        JsonNode out = lastJsonLine(py);
        assertThat(out.get("state").asText()).isEqualTo("FAILURE");
        assertThat(out.get("exc_type").asText()).isEqualTo(DemoFailure.class.getSimpleName());
        assertThat(out.get("exc_message").asText()).contains("boom from java");
        assertThat(out.get("traceback").asText())
            .contains("Traceback")
            .contains(DemoFailure.class.getSimpleName())
            .contains("boom from java");
      }
    }
  }

  @Nested
  @TestInstance(TestInstance.Lifecycle.PER_CLASS)
  class FennelClientToPythonWorker {
    final String queue = "it.py." + UUID.randomUUID();
    Proc celery;
    Fennel app;

    @BeforeAll
    void startCeleryWorker() {
      requireServices();
      Services.requireCelery();
      celery = Python.worker(broker(), backend(), queue, "py-it-" + UUID.randomUUID() + "@%h");
      app = Fennel.builder().brokerUrl(broker()).resultBackend(backend()).build();
    }

    @AfterAll
    void stop() {
      if (celery != null) {
        celery.close();
      }
      if (app != null) {
        app.unsafe().broker().purge(queue);
        app.close();
      }
    }

    private SendOptions toPython() {
      return SendOptions.builder().queue(queue).build();
    }

    @Test
    void aFennelClientSendsAddToAPythonWorkerAndReadsTheResult() {
      JsonNode value = app.sendTask("demo.add", List.of(2, 3), Map.of(), toPython()).get(WAIT);
      assertThat(value.asInt()).as(celery.output()).isEqualTo(5);
      JsonNode echoed =
          app.sendTask(
                  "demo.echo", List.of(Map.of("héllo", List.of(1, 2.5, "✓"))), Map.of(), toPython())
              .get(WAIT);
      assertThat(echoed.toString()).isEqualTo("{\"héllo\":[1,2.5,\"✓\"]}");
    }

    @Test
    void aFennelClientSeesAPythonFailureWithTypeMessageAndTraceback() {
      var result = app.sendTask("demo.fail", List.of("boom from python"), Map.of(), toPython());
      assertThatThrownBy(() -> result.get(WAIT))
          .isInstanceOfSatisfying(
              TaskFailedException.class,
              e -> {
                assertThat(e.excType()).isEqualTo("ValueError");
                assertThat(e.excMessage()).isEqualTo("boom from python");
                assertThat(e.excModule()).isEqualTo("builtins");
                assertThat(e.remoteTraceback())
                    .contains("Traceback (most recent call last)")
                    .contains("ValueError: boom from python");
              });
      assertThat(result.failed()).isTrue();
    }
  }
}
