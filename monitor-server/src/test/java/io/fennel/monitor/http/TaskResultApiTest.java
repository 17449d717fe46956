package io.fennel.monitor.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fennel.core.Fennel;
import io.fennel.monitor.Monitor;
import io.fennel.monitor.MonitorOptions;
import io.fennel.monitor.api.ApiJson;
import io.fennel.protocol.result.ResultRecord;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Flower's {@code /api/task/result/{id}} on a console with a result backend answers from the stored
 * record, values as they are stored, also for tasks whose events it never saw.
 */
class TaskResultApiTest {
  private final HttpClient http = HttpClient.newHttpClient();

  @Test
  void givenStoredResultsWhenAskedThenTheStoredValueAndStateComeBack() throws Exception {
    try (Fennel app =
            Fennel.builder()
                .brokerUrl("memory://results-" + UUID.randomUUID())
                .resultBackend("memory://")
                .build();
        Monitor monitor =
            Monitor.start(
                MonitorOptions.builder().app(app).broker(app.unsafe().broker()).port(0).build())) {
      String ok = UUID.randomUUID().toString();
      String failed = UUID.randomUUID().toString();
      var backend = app.unsafe().backend().orElseThrow();
      backend.store(record(ok, "SUCCESS", IntNode.valueOf(9), null), null);
      ObjectNode exc = JsonNodeFactory.instance.objectNode().put("exc_type", "ValueError");
      exc.putArray("exc_message").add("boom");
      exc.put("exc_module", "builtins");
      backend.store(record(failed, "FAILURE", exc, "Traceback ...\nValueError: boom"), null);

      JsonNode r = get(monitor, "/api/task/result/" + ok);
      assertThat(r.get("state").asText()).isEqualTo("SUCCESS");
      assertThat(r.get("result").isInt()).as("a number stays a number").isTrue();
      assertThat(r.get("result").asInt()).isEqualTo(9);

      JsonNode f = get(monitor, "/api/task/result/" + failed);
      assertThat(f.get("state").asText()).isEqualTo("FAILURE");
      assertThat(f.get("result").asText()).isEqualTo("ValueError('boom')");
      assertThat(f.get("traceback").asText()).contains("ValueError: boom");

      String running = UUID.randomUUID().toString();
      ObjectNode meta = JsonNodeFactory.instance.objectNode().put("pid", 42);
      backend.store(record(running, "STARTED", meta, null), null);
      JsonNode st = get(monitor, "/api/task/result/" + running);
      assertThat(st.get("state").asText()).isEqualTo("STARTED");
      assertThat(st.has("result")).as("no result before the task is ready").isFalse();

      JsonNode none = get(monitor, "/api/task/result/" + UUID.randomUUID());
      assertThat(none.get("state").asText()).as("nothing stored, never seen").isEqualTo("PENDING");
      assertThat(none.has("result")).isFalse();
    }
  }

  private static ResultRecord record(String id, String status, JsonNode result, String tb) {
    return new ResultRecord(
        status,
        result,
        tb,
        JsonNodeFactory.instance.arrayNode(),
        ResultRecord.formatDateDone(java.time.Instant.now()),
        null,
        null,
        id,
        null);
  }

  private JsonNode get(Monitor m, String path) throws Exception {
    HttpResponse<String> r = send(m, path);
    assertThat(r.statusCode()).as(path).isEqualTo(200);
    return ApiJson.MAPPER.readTree(r.body());
  }

  private HttpResponse<String> send(Monitor m, String path) throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + m.port() + path)).build(),
        HttpResponse.BodyHandlers.ofString());
  }
}
