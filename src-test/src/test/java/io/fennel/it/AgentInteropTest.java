package io.fennel.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.fennel.agent.AgentOptions;
import io.fennel.agent.WorkerAgent;
import io.fennel.core.Fennel;
import io.fennel.core.producer.SendOptions;
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
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A Fennel worker with its agent, watched and steered by Debian's Python Celery 5.2.6: Celery's own
 * event State sees it and its tasks, and Celery's inspect and control commands work on it.
 */
class AgentInteropTest {
  static final String BACKEND = "redis://127.0.0.1:6379/14";
  static final Duration WAIT = Duration.ofSeconds(60);

  final String queue = "it.agent." + UUID.randomUUID();
  final String node = "jvm-agent-" + UUID.randomUUID().toString().substring(0, 8) + "@it";
  Fennel app;
  Worker worker;
  WorkerAgent agent;

  @BeforeEach
  void services() {
    Services.requireRabbit();
    Services.requireRedis();
    Services.requireCelery();
  }

  void startWorker() {
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

  @Test
  void celerysEventStateSeesTheFennelWorkerAndFullTimelines() throws Exception {
    try (Proc watcher =
        Python.script(
            Services.RABBIT_URL,
            BACKEND,
            "watch_events.py",
            "demo.add,demo.fail,demo.flaky",
            "60")) {
      await().atMost(WAIT).until(() -> watcher.lines().contains("ready") || !watcher.isAlive());
      assertThat(watcher.isAlive()).as(watcher.output()).isTrue();
      startWorker();
      SendOptions o = SendOptions.builder().queue(queue).build();
      String add = app.sendTask("demo.add", List.of(2, 3), Map.of(), o).id();
      String fail = app.sendTask("demo.fail", List.of("boom for state"), Map.of(), o).id();
      String flaky = app.sendTask("demo.flaky", List.of(1), Map.of(), o).id();
      assertThat(watcher.waitFor(Duration.ofSeconds(90))).as(watcher.output()).isZero();
      JsonNode seen = CeleryInteropTest.lastJsonLine(watcher);

      JsonNode w = seen.get("workers").get(node);
      assertThat(w).as(seen.toString()).isNotNull();
      assertThat(w.get("sw_ident").asText()).isEqualTo("fennel");
      assertThat(w.get("heartbeats").asInt()).isGreaterThanOrEqualTo(2);
      assertThat(w.get("alive").asBoolean()).isTrue();

      JsonNode tasks = seen.get("tasks");
      assertThat(tasks.get(add).get("state").asText()).isEqualTo("SUCCESS");
      assertThat(tasks.get(add).get("result").asText()).isEqualTo("5");
      assertThat(tasks.get(add).get("worker").asText()).isEqualTo(node);
      assertThat(types(tasks.get(add)))
          .containsSubsequence("task-received", "task-started", "task-succeeded");

      assertThat(tasks.get(fail).get("state").asText()).isEqualTo("FAILURE");
      assertThat(tasks.get(fail).get("exception").asText()).contains("boom for state");
      assertThat(tasks.get(fail).get("traceback").asText()).contains("boom for state");

      assertThat(tasks.get(flaky).get("state").asText()).isEqualTo("SUCCESS");
      assertThat(types(tasks.get(flaky)))
          .containsSubsequence(
              "task-received", "task-started", "task-retried", "task-received", "task-succeeded");
    }
  }

  private static List<String> types(JsonNode task) {
    return StreamSupport.stream(task.get("timeline").spliterator(), false)
        .map(JsonNode::asText)
        .toList();
  }

  private JsonNode celeryJson(String... args) throws Exception {
    try (Proc p = Python.celery(Services.RABBIT_URL, BACKEND, args)) {
      assertThat(p.waitFor(WAIT)).as(p.output()).isZero();
      String out = p.output();
      return PythonJson.read("celery " + String.join(" ", args), out.substring(out.indexOf('{')));
    }
  }

  private String celeryText(String... args) throws Exception {
    try (Proc p = Python.celery(Services.RABBIT_URL, BACKEND, args)) {
      assertThat(p.waitFor(WAIT)).as(p.output()).isZero();
      return p.output();
    }
  }

  @Test
  void celerysInspectAndControlCommandsWorkOnAFennelWorker() throws Exception {
    startWorker();
    assertThat(
            celeryJson("inspect", "ping", "-d", node, "-t", "5", "-j").get(node).get("ok").asText())
        .isEqualTo("pong");
    assertThat(
            celeryJson("inspect", "registered", "-d", node, "-t", "5", "-j").get(node).toString())
        .contains("demo.add", "demo.fail", "demo.sleep");
    JsonNode stats = celeryJson("inspect", "stats", "-d", node, "-t", "5", "-j").get(node);
    assertThat(stats.get("pid").asLong()).isEqualTo(ProcessHandle.current().pid());
    assertThat(stats.has("total")).isTrue();

    var sleeping =
        app.sendTask(
            "demo.sleep", List.of(30), Map.of(), SendOptions.builder().queue(queue).build());
    await().atMost(WAIT).until(() -> !worker.control().active().isEmpty());
    JsonNode active = celeryJson("inspect", "active", "-d", node, "-t", "5", "-j").get(node);
    assertThat(active.get(0).get("id").asText()).isEqualTo(sleeping.id());
    assertThat(active.get(0).get("name").asText()).isEqualTo("demo.sleep");

    assertThat(celeryText("control", "rate_limit", "demo.add", "10/s", "-d", node, "-t", "5"))
        .contains("new rate limit set successfully");
    assertThat(worker.control().rateLimit("demo.add").perSecond()).isEqualTo(10.0);

    assertThat(celeryText("control", "terminate", "SIGTERM", sleeping.id(), "-d", node, "-t", "5"))
        .contains(sleeping.id());
    await().atMost(WAIT).until(() -> sleeping.status().equals("REVOKED"));
    assertThat(worker.control().revokedIds()).contains(sleeping.id());

    try (Proc shutdown =
        Python.celery(Services.RABBIT_URL, BACKEND, "control", "shutdown", "-d", node, "-t", "1")) {
      shutdown.waitFor(WAIT); // no worker replies to shutdown, so its exit code says nothing
    }
    assertThat(worker.awaitStopped(WAIT)).isTrue();
  }
}
