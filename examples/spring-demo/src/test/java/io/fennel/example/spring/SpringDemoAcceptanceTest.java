package io.fennel.example.spring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.fennel.monitor.Monitor;
import io.fennel.monitor.MonitorOptions;
import io.fennel.protocol.PythonJson;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The sample against real RabbitMQ, Redis and Python Celery: an HTTP request to the sample sends a
 * task that a Python Celery worker runs, a Python client's task runs on the sample's embedded
 * worker, the console lists that worker, and the sample's health says so.
 */
class SpringDemoAcceptanceTest {
  static final String BACKEND = "redis://127.0.0.1:6379/13";
  static final Duration WAIT = Duration.ofSeconds(60);
  final HttpClient http = HttpClient.newHttpClient();

  JsonNode call(String base, String method, String path, String body) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path));
    b =
        "POST".equals(method)
            ? b.header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body))
            : b.GET();
    HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).as(method + " " + path + " -> " + r.body()).isIn(200, 503);
    return PythonJson.read(path, r.body());
  }

  @Test
  void
      givenTheSampleBesidePythonCeleryWhenTasksAreSentBothWaysThenEachRunsAndTheConsoleSeesTheSample()
          throws Exception {
    Peers.require();
    String id = UUID.randomUUID().toString().substring(0, 8);
    String pyQueue = "it.spring.py." + id;
    String jvmQueue = "it.spring.jvm." + id;
    String node = "spring-demo-" + id + "@it";

    try (Monitor console =
            Monitor.start(MonitorOptions.builder().brokerUrl(Peers.RABBIT).port(0).build());
        PythonCelery celery =
            PythonCelery.worker(Peers.RABBIT, BACKEND, pyQueue, "py-" + id + "@it");
        ConfigurableApplicationContext app =
            new SpringApplicationBuilder(SpringDemoApplication.class)
                .main(SpringDemoApplication.class)
                .profiles("worker")
                .run(
                    "--server.port=0",
                    "--fennel.broker-url=" + Peers.RABBIT,
                    "--fennel.result-backend=" + BACKEND,
                    "--fennel.worker.queues=" + jvmQueue,
                    "--fennel.worker.node-name=" + node)) {
      String sample = "http://127.0.0.1:" + app.getEnvironment().getProperty("local.server.port");
      String consoleUrl = "http://127.0.0.1:" + console.port();

      // an HTTP request sends a task that the Python Celery worker runs
      JsonNode sent =
          call(sample, "POST", "/api/tasks/py.greet?queue=" + pyQueue, "{\"args\": [\"spring\"]}");
      assertThat(sent.path("task").asText()).isEqualTo("py.greet");
      assertThat(sent.path("queue").asText()).isEqualTo(pyQueue);
      String taskId = sent.path("id").asText();
      await()
          .atMost(WAIT)
          .untilAsserted(() -> {
            assertThat(celery.isAlive()).as(celery.output()).isTrue();
            JsonNode r = call(sample, "GET", "/api/tasks/" + taskId, null);
            assertThat(r.path("state").asText()).as(r.toString()).isEqualTo("SUCCESS");
            assertThat(r.path("result").asText()).isEqualTo("hello spring from python");
          });

      // a Python client's task runs on the sample's embedded worker
      String pythonTaskId;
      try (PythonCelery client =
          PythonCelery.script(Peers.RABBIT, BACKEND, "send_to_spring.py", jvmQueue)) {
        assertThat(client.waitFor(WAIT)).as(client.output()).isZero();
        assertThat(client.output()).contains("RESULT 5");
        Matcher m = Pattern.compile("ID (\\S+)").matcher(client.output());
        assertThat(m.find()).as(client.output()).isTrue();
        pythonTaskId = m.group(1);
      }
      assertThat(app.getBean(DemoTasks.class).ran()).isEqualTo(1);

      // the console lists the sample's worker, from its heartbeats, and saw the task run on it
      // through its task events (fennel.worker.send-task-events, the worker profile's -E)
      await()
          .atMost(WAIT)
          .untilAsserted(
              () -> assertThat(call(consoleUrl, "GET", "/api/workers", null).has(node)).isTrue());
      await()
          .atMost(WAIT)
          .untilAsserted(() -> {
            JsonNode info = call(consoleUrl, "GET", "/api/task/info/" + pythonTaskId, null);
            assertThat(info.path("state").asText()).as(info.toString()).isEqualTo("SUCCESS");
            assertThat(info.path("worker").asText()).isEqualTo(node);
          });

      // and the sample's health reports Fennel's broker, backend and worker
      JsonNode health = call(sample, "GET", "/actuator/health", null);
      JsonNode fennel = health.path("components").path("fennel");
      assertThat(fennel.path("status").asText()).as(health.toString()).isEqualTo("UP");
      assertThat(fennel.path("details").path("worker").asText()).isEqualTo(node);
    }
  }
}
