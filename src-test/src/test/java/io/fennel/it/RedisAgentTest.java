package io.fennel.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.fennel.agent.AgentOptions;
import io.fennel.agent.WorkerAgent;
import io.fennel.agent.control.Control;
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
 * A Fennel worker with its agent on Redis as the broker: control requests arrive over pub/sub
 * ({@code /10.celery.pidbox}), replies go to the caller's {@code <oid>.reply.celery.pidbox} list,
 * events go out on {@code /10.celeryev/<routing key>}; Python Celery's inspect/control, Fennel's
 * own control client, and Celery's event receiver all work against it.
 */
class RedisAgentTest {
  static final String BROKER = "redis://127.0.0.1:6379/10";
  static final String BACKEND = "redis://127.0.0.1:6379/9";
  static final Duration WAIT = Duration.ofSeconds(60);

  final String queue = "it.redis.agent." + UUID.randomUUID();
  final String node = "jvm-redis-agent-" + UUID.randomUUID().toString().substring(0, 8) + "@it";
  Fennel app;
  Worker worker;
  WorkerAgent agent;

  @BeforeEach
  void services() {
    Services.requireRedis();
  }

  void startWorker() {
    app = Fennel.builder().brokerUrl(BROKER).resultBackend(BACKEND).build();
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

  private JsonNode celeryJson(String... args) throws Exception {
    try (Proc p = Python.celery(BROKER, BACKEND, args)) {
      assertThat(p.waitFor(WAIT)).as(p.output()).isZero();
      String out = p.output();
      assertThat(out).as("celery " + String.join(" ", args)).contains("{");
      return PythonJson.read("celery " + String.join(" ", args), out.substring(out.indexOf('{')));
    }
  }

  private String celeryText(String... args) throws Exception {
    try (Proc p = Python.celery(BROKER, BACKEND, args)) {
      assertThat(p.waitFor(WAIT)).as(p.output()).isZero();
      return p.output();
    }
  }

  @Test
  void celerysInspectAndControlReachAFennelWorkerOverRedis() throws Exception {
    Services.requireCelery();
    startWorker();
    assertThat(
            celeryJson("inspect", "ping", "-d", node, "-t", "5", "-j").get(node).get("ok").asText())
        .isEqualTo("pong");
    assertThat(
            celeryJson("inspect", "registered", "-d", node, "-t", "5", "-j").get(node).toString())
        .contains("demo.add", "demo.fail", "demo.sleep");
    JsonNode queues = celeryJson("inspect", "active_queues", "-d", node, "-t", "5", "-j");
    assertThat(queues.get(node).toString()).contains(queue);

    assertThat(celeryText("control", "rate_limit", "demo.add", "10/s", "-d", node, "-t", "5"))
        .contains("new rate limit set successfully");
    assertThat(worker.control().rateLimit("demo.add").perSecond()).isEqualTo(10.0);
  }

  @Test
  void fennelsOwnControlClientPingsAndInspectsAFennelWorkerOverRedis() {
    startWorker();
    try (Fennel client = Fennel.builder().brokerUrl(BROKER).build()) {
      Control control = new Control(client);
      Map<String, JsonNode> pong = control.ping(List.of(node), Duration.ofSeconds(5));
      assertThat(pong).containsKey(node);
      assertThat(pong.get(node).get("ok").asText()).isEqualTo("pong");

      Map<String, JsonNode> stats =
          control.inspect().destination(List.of(node)).timeout(Duration.ofSeconds(5)).stats();
      assertThat(stats.get(node).get("pid").asLong()).isEqualTo(ProcessHandle.current().pid());

      Map<String, JsonNode> limited =
          control.rateLimit("demo.add", "20/s", List.of(node), Duration.ofSeconds(5), true);
      assertThat(limited.get(node).toString()).contains("new rate limit set successfully");
      assertThat(worker.control().rateLimit("demo.add").perSecond()).isEqualTo(20.0);

      // A second call on the same client gets its own reply list and its own answer.
      assertThat(control.ping(List.of(node), Duration.ofSeconds(5))).containsKey(node);
    }
  }

  @Test
  void celerysEventReceiverSeesTheHeartbeatAndTaskEventsOverRedis() throws Exception {
    Services.requireCelery();
    try (Proc watcher =
        Python.script(BROKER, BACKEND, "watch_events.py", "demo.add,demo.fail", "60")) {
      await().atMost(WAIT).until(() -> watcher.lines().contains("ready") || !watcher.isAlive());
      assertThat(watcher.isAlive()).as(watcher.output()).isTrue();
      startWorker();
      SendOptions o = SendOptions.builder().queue(queue).build();
      String add = app.sendTask("demo.add", List.of(2, 3), Map.of(), o).id();
      String fail = app.sendTask("demo.fail", List.of("boom for redis"), Map.of(), o).id();
      assertThat(watcher.waitFor(Duration.ofSeconds(90))).as(watcher.output()).isZero();
      JsonNode seen = CeleryInteropTest.lastJsonLine(watcher);

      JsonNode w = seen.get("workers").get(node);
      assertThat(w).as(seen.toString()).isNotNull();
      assertThat(w.get("sw_ident").asText()).isEqualTo("fennel");
      assertThat(w.get("heartbeats").asInt()).isGreaterThanOrEqualTo(2);
      assertThat(w.get("alive").asBoolean()).isTrue();

      JsonNode tasks = seen.get("tasks");
      assertThat(tasks.get(add)).as(seen.toString()).isNotNull();
      assertThat(tasks.get(add).get("state").asText()).isEqualTo("SUCCESS");
      assertThat(tasks.get(add).get("result").asText()).isEqualTo("5");
      assertThat(tasks.get(add).get("worker").asText()).isEqualTo(node);
      assertThat(types(tasks.get(add)))
          .containsSubsequence("task-received", "task-started", "task-succeeded");
      assertThat(tasks.get(fail).get("state").asText()).isEqualTo("FAILURE");
      assertThat(tasks.get(fail).get("exception").asText()).contains("boom for redis");
      assertThat(tasks.get(fail).get("traceback").asText()).contains("boom for redis");
    }
  }

  private static List<String> types(JsonNode task) {
    return StreamSupport.stream(task.get("timeline").spliterator(), false)
        .map(JsonNode::asText)
        .toList();
  }
}
