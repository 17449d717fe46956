package io.fennel.agent.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.fennel.agent.testing.AgentFixture;
import io.fennel.core.worker.Worker;
import io.fennel.protocol.event.TaskRevoked;
import io.fennel.protocol.state.TaskState;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Control and inspect round trips through the pidbox: the client's request, the agent's answer. */
class ControlRoundTripTest {
  private static final Duration T = Duration.ofSeconds(5);

  private final AgentFixture f = new AgentFixture();
  private final Control control = new Control(f.app);

  @AfterEach
  void close() {
    f.close();
  }

  private static String ok(Map<String, JsonNode> replies, String node) {
    assertThat(replies).containsKey(node);
    return replies.get(node).path("ok").asText(null);
  }

  @Test
  void pingIsAnsweredPongByEveryWorker() {
    f.worker("w1@vm");
    f.worker("w2@vm");
    Map<String, JsonNode> replies = control.call("ping", null, null, T, 2);
    assertThat(replies).containsOnlyKeys("w1@vm", "w2@vm");
    assertThat(ok(replies, "w1@vm")).isEqualTo("pong");
  }

  @Test
  void onlyTheNamedDestinationAnswers() {
    f.worker("w1@vm");
    f.worker("w2@vm");
    Map<String, JsonNode> replies = control.ping(List.of("w2@vm"), T);
    assertThat(replies).containsOnlyKeys("w2@vm");
    assertThat(control.inspect().destination(List.of("w1@vm")).timeout(T).registered())
        .containsOnlyKeys("w1@vm");
  }

  @Test
  void statsHaveTheClockAsAStringAndTotalsByTaskName() {
    Worker w = f.worker("w1@vm");
    f.app.task("demo.add").delay(1, 2);
    await().until(() -> w.control().processed() == 1);
    JsonNode stats =
        control.inspect().destination(List.of("w1@vm")).timeout(T).stats().get("w1@vm");
    assertThat(stats.get("clock").isTextual()).isTrue();
    assertThat(Long.parseLong(stats.get("clock").textValue())).isPositive();
    assertThat(stats.get("total").get("demo.add").asInt()).isEqualTo(1);
    assertThat(stats.get("pid").asLong()).isEqualTo(ProcessHandle.current().pid());
    assertThat(stats.get("prefetch_count").asInt()).isEqualTo(w.options().prefetch());
    assertThat(stats.get("pool").get("max-concurrency").asInt()).isEqualTo(w.control().poolSize());
    assertThat(stats.get("broker").get("transport").asText()).isEqualTo("memory");
    assertThat(stats.get("fennel").get("abandoned_threads").asLong())
        .isEqualTo(w.control().abandonedThreads());
    assertThat(stats.get("fennel").has("replaced_threads")).isTrue();
    assertThat(stats.get("fennel").has("memory_recycles")).isTrue();
    assertThat(stats.has("rusage")).isTrue();
  }

  @Test
  void registeredWithTaskInfoItemsShowsRateLimitsAsCeleryDoes() {
    Worker w = f.worker("w1@vm");
    w.control().setRateLimit("demo.add", "10/s");
    var args = com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode();
    args.putArray("taskinfoitems").add("rate_limit");
    JsonNode names =
        control
            .inspect()
            .destination(List.of("w1@vm"))
            .timeout(T)
            .inspect("registered", args)
            .get("w1@vm");
    assertThat(names.toString())
        .contains("\"demo.add [rate_limit=10/s]\"")
        .contains("\"demo.fail\"");
  }

  @Test
  void registeredListsTheTaskNames() {
    f.worker("w1@vm");
    JsonNode names =
        control.inspect().destination(List.of("w1@vm")).timeout(T).registered().get("w1@vm");
    assertThat(names).extracting(JsonNode::asText).contains("demo.add", "demo.block", "demo.fail");
  }

  @Test
  void activeShowsABlockedTaskAndRevokeWithTerminateEndsItRevoked() {
    Worker w = f.worker("w1@vm");
    String id = f.app.task("demo.block").delay().id();
    await().until(() -> w.control().active().size() == 1);
    Inspect inspect = control.inspect().destination(List.of("w1@vm")).timeout(T);

    JsonNode active = inspect.active().get("w1@vm");
    assertThat(active).hasSize(1);
    JsonNode r = active.get(0);
    assertThat(r.get("id").asText()).isEqualTo(id);
    assertThat(r.get("name").asText()).isEqualTo("demo.block");
    assertThat(r.get("args").isArray()).isTrue();
    assertThat(r.get("kwargs").isObject()).isTrue();
    assertThat(r.get("hostname").asText()).isEqualTo("w1@vm");
    assertThat(r.get("time_start").isNumber()).isTrue();
    assertThat(r.get("acknowledged").asBoolean()).isTrue();
    assertThat(r.get("delivery_info").get("routing_key").asText()).isEqualTo("celery");
    assertThat(r.get("worker_pid").asLong()).isEqualTo(ProcessHandle.current().pid());
    assertThat(inspect.queryTask(List.of(id)).get("w1@vm").get(id).get(0).asText())
        .isEqualTo("active");

    Map<String, JsonNode> replies =
        control.revoke(List.of(id), true, "SIGTERM", List.of("w1@vm"), T, true);
    assertThat(ok(replies, "w1@vm")).isEqualTo("terminate: " + id);
    await().until(() -> f.app.asyncResult(id).state() == TaskState.REVOKED);
    await().until(() -> !f.broker.events(TaskRevoked.TYPE).isEmpty());
    TaskRevoked revoked = (TaskRevoked) f.broker.events(TaskRevoked.TYPE).get(0);
    assertThat(revoked.terminated()).isTrue();
    assertThat(revoked.signum()).isEqualTo(15);
    assertThat(inspect.revoked().get("w1@vm")).extracting(JsonNode::asText).contains(id);
  }

  @Test
  void revokeWithoutTerminateFlagsTheIds() {
    f.worker("w1@vm");
    Map<String, JsonNode> replies =
        control.revoke(List.of("a", "b"), false, null, List.of("w1@vm"), T, true);
    assertThat(ok(replies, "w1@vm")).isEqualTo("tasks a, b flagged as revoked");
  }

  @Test
  void rateLimitChangesTheWorkersLimitAndUnknownTasksAreAnError() {
    Worker w = f.worker("w1@vm");
    assertThat(ok(control.rateLimit("demo.add", "10/s", List.of("w1@vm"), T, true), "w1@vm"))
        .isEqualTo("new rate limit set successfully");
    assertThat(w.control().rateLimit("demo.add").perSecond()).isEqualTo(10.0);

    JsonNode error = control.rateLimit("demo.nope", "10/s", List.of("w1@vm"), T, true).get("w1@vm");
    assertThat(error.get("error").asText()).contains("demo.nope");
  }

  @Test
  void timeLimitSetsTheWorkersLimitsAndRefusesBadValues() {
    Worker w = f.worker("w1@vm");
    var args = com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode();
    args.put("task_name", "demo.add").put("soft", 5).put("hard", 10.5);
    assertThat(ok(control.control("time_limit", args, List.of("w1@vm"), T, true), "w1@vm"))
        .isEqualTo("time limits set successfully");
    assertThat(w.control().timeLimit("demo.add")).containsExactly(5.0, 10.5);

    args.put("soft", "soon");
    JsonNode error = control.control("time_limit", args, List.of("w1@vm"), T, true).get("w1@vm");
    assertThat(error.get("error").asText()).contains("soft").contains("soon");
  }

  @Test
  void poolGrowAndShrinkResizeThePool() {
    Worker w = f.worker("w1@vm");
    int size = w.control().poolSize();
    assertThat(ok(control.poolGrow(2, List.of("w1@vm"), T, true), "w1@vm"))
        .isEqualTo("pool will grow");
    assertThat(w.control().poolSize()).isEqualTo(size + 2);
    assertThat(ok(control.poolShrink(1, List.of("w1@vm"), T, true), "w1@vm"))
        .isEqualTo("pool will shrink");
    assertThat(w.control().poolSize()).isEqualTo(size + 1);
  }

  @Test
  void addAndCancelConsumerChangeTheQueuesAndActiveQueuesShowsThem() {
    Worker w = f.worker("w1@vm");
    assertThat(ok(control.addConsumer("extra", List.of("w1@vm"), T, true), "w1@vm"))
        .isEqualTo("add consumer extra");
    assertThat(w.control().queues()).contains("extra");
    JsonNode queues =
        control.inspect().destination(List.of("w1@vm")).timeout(T).activeQueues().get("w1@vm");
    assertThat(queues).extracting(q -> q.get("name").asText()).contains("celery", "extra");

    assertThat(ok(control.cancelConsumer("extra", List.of("w1@vm"), T, true), "w1@vm"))
        .isEqualTo("no longer consuming from extra");
    assertThat(w.control().queues()).doesNotContain("extra");
  }

  @Test
  void unknownCommandsAndBadArgumentsGetAnErrorNamingThem() {
    f.worker("w1@vm");
    JsonNode unknown = control.control("frobnicate", null, List.of("w1@vm"), T, true).get("w1@vm");
    assertThat(unknown.get("error").asText()).isEqualTo("unknown command 'frobnicate'");

    JsonNode bad =
        control
            .control(
                "pool_grow",
                JsonNodeFactory.instance.objectNode().put("n", "lots"),
                List.of("w1@vm"),
                T,
                true)
            .get("w1@vm");
    assertThat(bad.get("error").asText()).contains("'n'").contains("lots");
  }

  @Test
  void disableAndEnableEventsSwitchTaskEvents() {
    f.worker("w1@vm");
    assertThat(ok(control.disableEvents(List.of("w1@vm"), T, true), "w1@vm"))
        .isEqualTo("task events disabled");
    assertThat(f.agent(0).taskEventsEnabled()).isFalse();
    assertThat(ok(control.enableEvents(List.of("w1@vm"), T, true), "w1@vm"))
        .isEqualTo("task events enabled");
    assertThat(f.agent(0).taskEventsEnabled()).isTrue();
  }

  @Test
  void clockAndConfAnswer() {
    f.worker("w1@vm");
    Inspect inspect = control.inspect().destination(List.of("w1@vm")).timeout(T);
    assertThat(inspect.clock().get("w1@vm").get("clock").asLong()).isPositive();
    assertThat(inspect.conf().get("w1@vm").get("task_default_queue").asText()).isEqualTo("celery");
  }

  @Test
  void shutdownStopsTheWorkerAndSendsNoReply() throws Exception {
    Worker w = f.worker("w1@vm");
    control.shutdown(List.of("w1@vm"));
    assertThat(w.awaitStopped(T)).isTrue();
    await().until(() -> !f.broker.events("worker-offline").isEmpty());
  }
}
