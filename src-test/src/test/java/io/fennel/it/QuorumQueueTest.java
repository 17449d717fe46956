package io.fennel.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.fennel.core.Fennel;
import io.fennel.core.broker.QueueSpec;
import io.fennel.core.error.FennelException;
import io.fennel.core.producer.SendOptions;
import io.fennel.core.worker.Worker;
import io.fennel.demo.DemoApp;
import io.fennel.it.support.Proc;
import io.fennel.it.support.Python;
import io.fennel.it.support.Services;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * RabbitMQ quorum queues with {@code task_default_queue_type=quorum}: a Fennel worker declares its
 * queue as a quorum queue and runs Python Celery's tasks from it; a Fennel client sends to a Python
 * worker on one; and a worker with default settings consumes a quorum queue declared elsewhere
 * without re-declaring it.
 */
class QuorumQueueTest {
  static final String BACKEND = "redis://127.0.0.1:6379/14";
  static final Duration WAIT = Duration.ofSeconds(60);

  static void requireAll() {
    Services.requireRabbit();
    Services.requireRedis();
    Services.requireCelery();
  }

  static Fennel app(boolean quorum) {
    Fennel.Builder b = Fennel.builder().brokerUrl(Services.RABBIT_URL).resultBackend(BACKEND);
    if (quorum) {
      b.set("task_default_queue_type", "quorum");
    }
    Fennel app = b.build();
    new DemoApp().define(app);
    return app;
  }

  static void assertIsQuorum(Fennel app, String queue) {
    assertThatThrownBy(() -> app.unsafe().broker().declareQueue(QueueSpec.task(queue)))
        .as("a classic re-declaration of a quorum queue is refused by RabbitMQ")
        .isInstanceOf(FennelException.class)
        .hasMessageContaining("x-queue-type");
  }

  /** Deletes the test's queue and exchange (quorum queues outlive a purge). */
  static void cleanUp(Fennel app, String queue) {
    com.rabbitmq.client.ConnectionFactory f = new com.rabbitmq.client.ConnectionFactory();
    f.setHost("127.0.0.1");
    try (com.rabbitmq.client.Connection c = f.newConnection("quorum-it-cleanup");
        com.rabbitmq.client.Channel ch = c.createChannel()) {
      ch.queueDelete(queue);
      ch.exchangeDelete(queue);
    } catch (java.io.IOException | java.util.concurrent.TimeoutException e) {
      throw new IllegalStateException("cannot delete test queue " + queue, e);
    }
  }

  @Test
  void givenQuorumSettingsWhenAFennelWorkerStartsThenPythonTasksRunThroughAQuorumQueue()
      throws Exception {
    requireAll();
    String queue = "it.quorum.jvm." + UUID.randomUUID();
    try (Fennel app = app(true)) {
      Worker w = app.worker(app.workerOptions("quorum-it@%h", List.of(queue)));
      w.start();
      try {
        assertIsQuorum(app, queue);
        try (Proc py =
            Python.script(
                Services.RABBIT_URL, BACKEND, "send_quorum.py", "demo.add", queue, "[2, 3]")) {
          assertThat(py.waitFor(WAIT)).as(py.output()).isZero();
          JsonNode out = CeleryInteropContract.lastJsonLine(py);
          assertThat(out.get("result").asInt()).isEqualTo(5);
        }
      } finally {
        w.shutdown();
        w.awaitStopped(Duration.ofSeconds(30));
        cleanUp(app, queue);
      }
    }
  }

  @Test
  void givenAPythonWorkerOnAQuorumQueueWhenAFennelClientSendsThenItAnswers() throws Exception {
    requireAll();
    String queue = "it.quorum.py." + UUID.randomUUID();
    try (Proc celery =
            Python.worker(
                Map.of("FENNEL_IT_QUORUM_QUEUE", queue),
                Services.RABBIT_URL,
                BACKEND,
                queue,
                "py-quorum-" + UUID.randomUUID() + "@%h");
        Fennel app = app(true)) {
      try {
        var r =
            app.sendTask(
                "demo.add", List.of(4, 5), Map.of(), SendOptions.builder().queue(queue).build());
        assertThat(r.get(WAIT).asInt()).as(celery.output()).isEqualTo(9);
        assertIsQuorum(app, queue);
      } finally {
        cleanUp(app, queue);
      }
    }
  }

  @Test
  void givenAQuorumQueueDeclaredElsewhereWhenADefaultWorkerConsumesItThenItIsNotRedeclared()
      throws Exception {
    requireAll();
    String queue = "it.quorum.elsewhere." + UUID.randomUUID();
    try (Fennel app = app(false)) {
      app.unsafe()
          .broker()
          .declareQueue(new QueueSpec(queue, true, false, false, Map.of("x-queue-type", "quorum")));
      Worker w = app.worker(app.workerOptions("quorum-default@%h", List.of(queue)));
      w.start();
      try {
        var r =
            app.sendTask(
                "demo.add", List.of(1, 2), Map.of(), SendOptions.builder().queue(queue).build());
        assertThat(r.get(WAIT).asInt()).isEqualTo(3);
        assertIsQuorum(app, queue);
      } finally {
        w.shutdown();
        w.awaitStopped(Duration.ofSeconds(30));
        cleanUp(app, queue);
      }
    }
  }
}
