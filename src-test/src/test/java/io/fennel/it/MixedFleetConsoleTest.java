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
import io.fennel.monitor.Monitor;
import io.fennel.monitor.MonitorOptions;
import io.fennel.protocol.PythonJson;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The console watching a mixed fleet on RabbitMQ: a Fennel worker and a Python Celery worker at
 * once, tasks of both with full timelines, commands through the API reaching the right worker,
 * history in Redis surviving a restart, and Prometheus counters matching what was sent.
 */
class MixedFleetConsoleTest {
  static final String BACKEND = "redis://127.0.0.1:6379/14";
  static final Duration WAIT = Duration.ofSeconds(60);
  final HttpClient http = HttpClient.newHttpClient();
  Monitor monitor;

  JsonNode get(Monitor m, String path) throws Exception {
    var r =
        http.send(
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + m.port() + path)).build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).as(path + " -> " + r.body()).isEqualTo(200);
    return PythonJson.read(path, r.body());
  }

  /** The task's state in the console, or UNKNOWN while it has not seen the task. */
  String state(String taskId) throws Exception {
    var r =
        http.send(
            HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + monitor.port() + "/api/task/info/" + taskId))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    return r.statusCode() == 200
        ? PythonJson.read("task", r.body()).path("state").asText()
        : "UNKNOWN";
  }

  String text(Monitor m, String path) throws Exception {
    return http.send(
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + m.port() + path)).build(),
            HttpResponse.BodyHandlers.ofString())
        .body();
  }

  JsonNode post(Monitor m, String path, String form) throws Exception {
    var r =
        http.send(
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + m.port() + path))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).as(path + " -> " + r.body()).isEqualTo(200);
    return PythonJson.read(path, r.body());
  }

  Monitor console(String historyKey) {
    return Monitor.start(
        MonitorOptions.builder()
            .brokerUrl(Services.RABBIT_URL)
            .port(0)
            .history("redis://127.0.0.1:6379/11")
            .historyKey(historyKey)
            .build());
  }

  @Test
  void theConsoleWatchesAndSteersAFennelWorkerAndACeleryWorkerTogether() throws Exception {
    Services.requireRabbit();
    Services.requireRedis();
    Services.requireCelery();
    String id = UUID.randomUUID().toString().substring(0, 8);
    String jvmQueue = "it.fleet.jvm." + id;
    String pyQueue = "it.fleet.py." + id;
    String jvmNode = "fleet-jvm-" + id + "@it";
    String pyNode = "fleet-py-" + id + "@it";
    String historyKey = "fennel:it:history:" + id;

    monitor = console(historyKey);
    try (Fennel app =
            Fennel.builder().brokerUrl(Services.RABBIT_URL).resultBackend(BACKEND).build();
        Proc celery = Python.worker(Services.RABBIT_URL, BACKEND, pyQueue, pyNode, "-E")) {
      assertThat(celery.isAlive()).as(celery.output()).isTrue();
      new DemoApp().define(app);
      Worker worker = app.worker(app.workerOptions(jvmNode, List.of(jvmQueue)));
      WorkerAgent agent =
          WorkerAgent.attach(app, worker, AgentOptions.DEFAULTS.withTaskEvents(true));
      worker.start();
      try {
        await()
            .atMost(WAIT)
            .until(() ->
                get(monitor, "/api/workers").has(jvmNode)
                    && get(monitor, "/api/workers").has(pyNode));

        SendOptions toJvm = SendOptions.builder().queue(jvmQueue).build();
        SendOptions toPy = SendOptions.builder().queue(pyQueue).build();
        AsyncResult jvmAdd = app.sendTask("demo.add", List.of(2, 3), Map.of(), toJvm);
        AsyncResult pyAdd = app.sendTask("demo.add", List.of(4, 5), Map.of(), toPy);
        AsyncResult pyFail = app.sendTask("demo.fail", List.of("python boom"), Map.of(), toPy);
        assertThat(jvmAdd.get(WAIT).asInt()).isEqualTo(5);
        assertThat(pyAdd.get(WAIT).asInt()).isEqualTo(9);

        await()
            .atMost(WAIT)
            .untilAsserted(
                () -> assertThat(state(pyFail.id())).as(pyFail.id()).isEqualTo("FAILURE"));
        JsonNode failed = get(monitor, "/api/task/info/" + pyFail.id());
        assertThat(failed.path("traceback").asText()).contains("ValueError: python boom");
        assertThat(failed.path("worker").asText()).isEqualTo(pyNode);

        await()
            .atMost(WAIT)
            .untilAsserted(
                () -> assertThat(state(jvmAdd.id())).as(jvmAdd.id()).isEqualTo("SUCCESS"));
        JsonNode jvmInfo = get(monitor, "/api/task/info/" + jvmAdd.id());
        assertThat(jvmInfo.path("worker").asText()).isEqualTo(jvmNode);
        assertThat(jvmInfo.path("result").asText()).isEqualTo("5");
        JsonNode tasks = get(monitor, "/api/tasks?limit=100");
        assertThat(tasks.toString()).contains(jvmAdd.id(), pyAdd.id(), pyFail.id());

        JsonNode rate =
            post(
                monitor,
                "/api/task/rate-limit/demo.add",
                "workername=" + pyNode + "&ratelimit=10/s");
        assertThat(rate.toString()).contains(pyNode).contains("new rate limit set successfully");
        assertThat(rate.has(jvmNode)).isFalse();
        JsonNode jvmRate =
            post(
                monitor,
                "/api/task/rate-limit/demo.add",
                "workername=" + jvmNode + "&ratelimit=7/s");
        assertThat(jvmRate.toString())
            .contains(jvmNode)
            .contains("new rate limit set successfully");
        assertThat(worker.control().rateLimit("demo.add").perSecond()).isEqualTo(7.0);

        AsyncResult longPy = app.sendTask("demo.sleep", List.of(120), Map.of(), toPy);
        await()
            .atMost(WAIT)
            .untilAsserted(
                () -> assertThat(state(longPy.id())).as(longPy.id()).isEqualTo("STARTED"));
        JsonNode revoke = post(monitor, "/api/task/revoke/" + longPy.id() + "?terminate=true", "");
        assertThat(revoke.toString()).contains(pyNode);
        await()
            .atMost(WAIT)
            .untilAsserted(
                () -> assertThat(state(longPy.id())).as(longPy.id()).isEqualTo("REVOKED"));

        String metrics = text(monitor, "/metrics");
        for (String line : metrics.split("\n")) {
          if (!line.isBlank() && !line.startsWith("#")) {
            assertThat(line).matches("[a-zA-Z_:][a-zA-Z0-9_:]*(\\{.*\\})? [-+0-9.eEInfNa]+");
          }
        }
        assertThat(
                counter(
                    metrics, "flower_events_total", "demo.add", "task-succeeded", jvmNode, pyNode))
            .isEqualTo(2.0);
        assertThat(
                counter(
                    metrics, "flower_events_total", "demo.fail", "task-failed", jvmNode, pyNode))
            .isEqualTo(1.0);

        monitor.close();
        monitor = console(historyKey);
        Monitor restarted = monitor;
        JsonNode again = get(restarted, "/api/tasks?limit=100");
        assertThat(again.toString()).contains(jvmAdd.id(), pyAdd.id(), pyFail.id(), longPy.id());
        assertThat(get(restarted, "/api/task/info/" + pyFail.id()).path("traceback").asText())
            .contains("ValueError: python boom");
        JsonNode workers = get(restarted, "/api/workers");
        assertThat(workers.has(jvmNode)).isTrue();
        assertThat(workers.has(pyNode)).isTrue();
      } finally {
        worker.shutdown();
        worker.awaitStopped(Duration.ofSeconds(30));
        agent.close();
        app.unsafe().broker().purge(jvmQueue);
        app.unsafe().broker().purge(pyQueue);
      }
    } finally {
      monitor.close();
    }
  }

  /**
   * The sum of {@code name}'s series for this task and type from these workers (the broker is
   * shared).
   */
  static double counter(String metrics, String name, String task, String type, String... workers) {
    double sum = 0;
    Pattern p = Pattern.compile("^" + name + "\\{([^}]*)\\} (\\S+)$", Pattern.MULTILINE);
    Matcher m = p.matcher(metrics);
    while (m.find()) {
      String labels = m.group(1);
      boolean ours =
          java.util.Arrays.stream(workers).anyMatch(w -> labels.contains("worker=\"" + w + "\""));
      if (ours
          && labels.contains("task=\"" + task + "\"")
          && labels.contains("type=\"" + type + "\"")) {
        sum += Double.parseDouble(m.group(2));
      }
    }
    return sum;
  }
}
