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
import org.junit.jupiter.api.Test;

/** The console on Redis as the broker: events over PUBLISH, commands over the Redis pidbox. */
class ConsoleOnRedisTest {
  static final String BROKER = "redis://127.0.0.1:6379/8";
  static final String BACKEND = "redis://127.0.0.1:6379/9";
  static final Duration WAIT = Duration.ofSeconds(30);
  final HttpClient http = HttpClient.newHttpClient();

  HttpResponse<String> call(Monitor m, String path, String form) throws Exception {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + m.port() + path));
    if (form != null) {
      b.header("Content-Type", "application/x-www-form-urlencoded")
          .POST(HttpRequest.BodyPublishers.ofString(form));
    }
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void theConsoleSeesAndSteersAWorkerOnRedis() throws Exception {
    Services.requireRedis();
    String id = UUID.randomUUID().toString().substring(0, 8);
    String queue = "it.redis.console." + id;
    String node = "redis-console-" + id + "@it";
    try (Fennel app = Fennel.builder().brokerUrl(BROKER).resultBackend(BACKEND).build();
        Monitor monitor =
            Monitor.start(MonitorOptions.builder().brokerUrl(BROKER).port(0).build())) {
      new DemoApp().define(app);
      Worker worker = app.worker(app.workerOptions(node, List.of(queue)));
      WorkerAgent agent =
          WorkerAgent.attach(app, worker, AgentOptions.DEFAULTS.withTaskEvents(true));
      worker.start();
      try {
        await().atMost(WAIT).until(() -> call(monitor, "/api/workers", null).body().contains(node));
        AsyncResult r =
            app.sendTask(
                "demo.add", List.of(20, 22), Map.of(), SendOptions.builder().queue(queue).build());
        assertThat(r.get(WAIT).asInt()).isEqualTo(42);
        await()
            .atMost(WAIT)
            .until(() -> {
              var resp = call(monitor, "/api/task/info/" + r.id(), null);
              return resp.statusCode() == 200
                  && PythonJson.read("task", resp.body()).path("state").asText().equals("SUCCESS");
            });
        JsonNode info =
            PythonJson.read("task", call(monitor, "/api/task/info/" + r.id(), null).body());
        assertThat(info.path("result").asText()).isEqualTo("42");
        assertThat(info.path("worker").asText()).isEqualTo(node);

        var rate =
            call(monitor, "/api/task/rate-limit/demo.add", "workername=" + node + "&ratelimit=3/s");
        assertThat(rate.statusCode()).as(rate.body()).isEqualTo(200);
        assertThat(rate.body()).contains(node).contains("new rate limit set successfully");
        assertThat(worker.control().rateLimit("demo.add").perSecond()).isEqualTo(3.0);
      } finally {
        worker.shutdown();
        worker.awaitStopped(WAIT);
        agent.close();
        app.unsafe().broker().purge(queue);
      }
    }
  }
}
