package io.fennel.it.faults;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.fennel.core.Fennel;
import io.fennel.core.worker.Worker;
import io.fennel.demo.DemoApp;
import io.fennel.it.support.Proc;
import io.fennel.it.support.Python;
import io.fennel.it.support.RabbitQueues;
import io.fennel.it.support.Services;
import io.fennel.protocol.PythonJson;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Fault: a Fennel worker bound arguments Python refuses ({@code demo.add("1","2")} gave 3, {@code
 * (1,2,3)} gave 3, {@code (1,2)} with {@code x=5} gave 7). Now a Python Celery 5.2.6 client sending
 * those to a Fennel worker running the demo app gets each back as a real {@code TypeError}, and a
 * valid call still returns its sum. Counts: sent, succeeded, failed as TypeError.
 */
class PythonArgumentBindingTest {
  static final String BACKEND = "redis://127.0.0.1:6379/14";

  @Test
  void aPythonCallerSeesTypeErrorForArgumentsPythonWouldRefuse() throws Exception {
    Services.requireRabbit();
    Services.requireRedis();
    Services.requireCelery();
    String queue = "it.faults.binding." + UUID.randomUUID();
    try (Fennel app =
        Fennel.builder().brokerUrl(Services.RABBIT_URL).resultBackend(BACKEND).build()) {
      new DemoApp().define(app);
      Worker worker = app.worker(app.workerOptions("binding@%h", List.of(queue)));
      worker.start();
      String calls = "[[[\"1\", \"2\"], {}], [[1, 2, 3], {}], [[1, 2], {\"x\": 5}], [[2, 3], {}]]";
      try (Proc py =
          Python.script(
              Services.RABBIT_URL, BACKEND, "send_calls.py", "demo.add", queue, calls, "60")) {
        assertThat(py.waitFor(Duration.ofSeconds(90))).as(py.output()).isZero();
        List<JsonNode> out =
            py.lines().stream()
                .filter(l -> l.startsWith("{"))
                .map(l -> PythonJson.read("output of " + py, l))
                .toList();
        assertThat(out).as(py.output()).hasSize(4);
        for (JsonNode refused : out.subList(0, 3)) {
          assertThat(refused.get("state").asText()).as(refused.toString()).isEqualTo("FAILURE");
          assertThat(refused.get("exc_type").asText()).isEqualTo("TypeError");
          assertThat(refused.get("is_type_error").asBoolean()).as(refused.toString()).isTrue();
        }
        assertThat(out.get(0).get("exc_message").asText()).contains("'x'", "\"1\"");
        assertThat(out.get(1).get("exc_message").asText())
            .contains("takes 2 positional arguments but 3 were given");
        assertThat(out.get(2).get("exc_message").asText())
            .contains("got multiple values for argument 'x'");
        assertThat(out.get(3).get("state").asText()).isEqualTo("SUCCESS");
        assertThat(out.get(3).get("result").asInt()).isEqualTo(5);
        long typeErrors = out.stream().filter(o -> o.path("is_type_error").asBoolean()).count();
        System.out.printf(
            "python argument binding: sent %d, succeeded %d, TypeError %d%n",
            out.size(), out.size() - typeErrors, typeErrors);
      } finally {
        worker.shutdown();
        worker.awaitStopped(Duration.ofSeconds(30));
        RabbitQueues.delete(queue);
      }
    }
  }
}
