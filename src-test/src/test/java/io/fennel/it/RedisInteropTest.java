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
 * Fennel and Debian's Python Celery 5.2.6 with Redis as the broker (kombu's layout, db 10) and the
 * Redis result backend (db 9), both ways: tasks, results, and failures with their type, message and
 * traceback.
 */
class RedisInteropTest {
  static final String BROKER = "redis://127.0.0.1:6379/10";
  static final String BACKEND = "redis://127.0.0.1:6379/9";
  static final Duration WAIT = Duration.ofSeconds(60);

  @Nested
  @TestInstance(TestInstance.Lifecycle.PER_CLASS)
  class PythonClientToFennelWorker {
    final String queue = "it.redis.jvm." + UUID.randomUUID();
    Fennel app;
    Worker worker;

    @BeforeAll
    void startFennelWorker() {
      Services.requireRedis();
      Services.requireCelery();
      app = Fennel.builder().brokerUrl(BROKER).resultBackend(BACKEND).build();
      new DemoApp().define(app);
      worker = app.worker(app.workerOptions("jvm-redis-it@%h", List.of(queue)));
      worker.start();
    }

    @AfterAll
    void stop() throws Exception {
      if (worker != null) {
        worker.shutdown();
        worker.awaitStopped(Duration.ofSeconds(30));
        app.broker().purge(queue);
        app.close();
      }
    }

    @Test
    void aPythonClientSendsAddOverRedisToAFennelWorkerAndReadsFive() throws Exception {
      try (Proc py =
          Python.script(BROKER, BACKEND, "send_and_wait.py", "demo.add", queue, "[2, 3]")) {
        assertThat(py.waitFor(WAIT)).as(py.output()).isZero();
        JsonNode out = CeleryInteropTest.lastJsonLine(py);
        assertThat(out.get("state").asText()).as(out.toString()).isEqualTo("SUCCESS");
        assertThat(out.get("result").isInt()).as(out.toString()).isTrue();
        assertThat(out.get("result").asInt()).isEqualTo(5);
      }
    }

    @Test
    void aPythonClientSeesAFennelFailureOverRedisWithTypeMessageAndTraceback() throws Exception {
      try (Proc py =
          Python.script(
              BROKER, BACKEND, "send_and_wait.py", "demo.fail", queue, "[\"boom from java\"]")) {
        assertThat(py.waitFor(WAIT)).as(py.output()).isZero();
        JsonNode out = CeleryInteropTest.lastJsonLine(py);
        assertThat(out.get("state").asText()).as(out.toString()).isEqualTo("FAILURE");
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
    final String queue = "it.redis.py." + UUID.randomUUID();
    Proc celery;
    Fennel app;

    @BeforeAll
    void startCeleryWorker() {
      Services.requireRedis();
      Services.requireCelery();
      celery = Python.worker(BROKER, BACKEND, queue, "py-redis-it-" + UUID.randomUUID() + "@%h");
      app = Fennel.builder().brokerUrl(BROKER).resultBackend(BACKEND).build();
    }

    @AfterAll
    void stop() {
      if (celery != null) {
        celery.close();
      }
      if (app != null) {
        app.broker().purge(queue);
        app.close();
      }
    }

    private SendOptions toPython() {
      return SendOptions.builder().queue(queue).build();
    }

    @Test
    void aFennelClientSendsAddOverRedisToAPythonWorkerAndReadsTheResult() {
      JsonNode value = app.sendTask("demo.add", List.of(2, 3), Map.of(), toPython()).get(WAIT);
      assertThat(value.asInt()).as(celery.output()).isEqualTo(5);
      JsonNode echoed =
          app.sendTask(
                  "demo.echo", List.of(Map.of("héllo", List.of(1, 2.5, "✓"))), Map.of(), toPython())
              .get(WAIT);
      assertThat(echoed.toString()).isEqualTo("{\"héllo\":[1,2.5,\"✓\"]}");
    }

    @Test
    void aFennelClientSeesAPythonFailureOverRedisWithTypeMessageAndTraceback() {
      var result = app.sendTask("demo.fail", List.of("boom from python"), Map.of(), toPython());
      assertThatThrownBy(() -> result.get(WAIT))
          .as(celery.output())
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
