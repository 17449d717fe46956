package io.fennel.it.faults;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.fennel.core.Fennel;
import io.fennel.core.testing.TlsEndpoint;
import io.fennel.core.worker.Worker;
import io.fennel.demo.DemoApp;
import io.fennel.it.support.Proc;
import io.fennel.it.support.Python;
import io.fennel.it.support.Services;
import io.fennel.protocol.PythonJson;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Fault: a Python client's header holding an integer beyond 32 bits (py-amqp's AMQP field type
 * {@code L}) once killed the worker's connection on every redelivery; now the task runs, and so
 * does the one behind it, on a plain connection and on a TLS one.
 */
class LargeIntegerHeaderTest {
  private static final String BACKEND = "redis://127.0.0.1:6379/14";

  @Test
  void aTaskWithA64BitHeaderRunsAndTheQueueKeepsMoving() throws Exception {
    Services.requireRabbit();
    Services.requireRedis();
    Services.requireCelery();
    bigHeadersRunOnAWorkerConnectedTo(Services.RABBIT_URL);
  }

  /**
   * The same with the worker on {@code amqps://}, through a TLS endpoint in front of RabbitMQ: the
   * Python client publishes on the plain port, and the worker reads the same headers over TLS.
   */
  @Test
  void overTlsTheTaskRunsToo() throws Exception {
    Services.requireRabbit();
    Services.requireRedis();
    Services.requireCelery();
    try (TlsEndpoint tls = new TlsEndpoint(5672)) {
      bigHeadersRunOnAWorkerConnectedTo("amqps://guest:guest@localhost:" + tls.port() + "//");
    }
  }

  private static void bigHeadersRunOnAWorkerConnectedTo(String workerBroker) throws Exception {
    String queue = "it.faults.bigint." + UUID.randomUUID();
    try (Fennel app = Fennel.builder().brokerUrl(workerBroker).resultBackend(BACKEND).build()) {
      new DemoApp().define(app);
      Worker worker = app.worker(app.workerOptions("bigint@%h", List.of(queue)));
      worker.start();
      try (Proc py = Python.script(Services.RABBIT_URL, BACKEND, "send_big_headers.py", queue)) {
        assertThat(py.waitFor(Duration.ofSeconds(60))).as(py.output()).isZero();
        JsonNode out = lastJson(py);
        assertThat(out.get("big").asInt()).as(out.toString()).isEqualTo(5);
        assertThat(out.get("plain").asInt()).as(out.toString()).isEqualTo(8);
      } finally {
        worker.shutdown();
        worker.awaitStopped(Duration.ofSeconds(30));
      }
    }
  }

  private static JsonNode lastJson(Proc p) {
    List<String> lines = p.lines();
    for (int i = lines.size() - 1; i >= 0; i--) {
      if (lines.get(i).startsWith("{")) {
        return PythonJson.read("output of " + p, lines.get(i));
      }
    }
    throw new AssertionError("no JSON line in the output of " + p + ":\n" + p.output());
  }
}
