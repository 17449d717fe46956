package io.fennel.agent.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.fennel.agent.AgentOptions;
import io.fennel.agent.internal.events.Heartbeat;
import io.fennel.agent.testing.AgentFixture;
import io.fennel.core.broker.OutgoingMessage;
import io.fennel.core.worker.Worker;
import io.fennel.protocol.PythonJson;
import io.fennel.protocol.WireNames;
import io.fennel.protocol.event.Event;
import io.fennel.protocol.event.EventCodec;
import io.fennel.protocol.event.TaskFailed;
import io.fennel.protocol.event.TaskReceived;
import io.fennel.protocol.event.TaskSent;
import io.fennel.protocol.event.TaskSucceeded;
import io.fennel.protocol.event.WorkerHeartbeat;
import io.fennel.protocol.event.WorkerOnline;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The events a worker's agent sends for each task outcome and worker change, field by field as
 * Celery sends them.
 */
class WorkerAgentEventsTest {
  private final AgentFixture f = new AgentFixture();

  @AfterEach
  void close() {
    f.close();
  }

  private List<Event> taskEvents(String id) {
    return f.broker.events().stream()
        .filter(e -> e instanceof io.fennel.protocol.event.TaskEvent t && t.uuid().equals(id))
        .toList();
  }

  @Test
  void taskRunByAWorkerProducesReceivedStartedSucceededInTaskMultiBatchesWithRisingClocks() {
    f.worker("w1@vm");
    String id = f.app.task("demo.add").delay(2, 3).id();

    await().untilAsserted(() -> assertThat(taskEvents(id)).hasSize(3));
    List<Event> events = taskEvents(id);
    assertThat(events)
        .extracting(Event::type)
        .containsExactly("task-received", "task-started", "task-succeeded");
    assertThat(events.get(0).clock()).isLessThan(events.get(1).clock());
    assertThat(events.get(1).clock()).isLessThan(events.get(2).clock());

    TaskReceived received = (TaskReceived) events.get(0);
    assertThat(received.hostname()).isEqualTo("w1@vm");
    assertThat(received.name()).isEqualTo("demo.add");
    assertThat(received.args()).isEqualTo("(2, 3)");
    assertThat(received.kwargs()).isEqualTo("{}");
    assertThat(received.rootId()).isEqualTo(id);
    assertThat(received.retries()).isZero();
    assertThat(received.pid()).isEqualTo((int) ProcessHandle.current().pid());
    assertThat(received.timestamp())
        .isEqualTo(AgentFixture.START.getEpochSecond(), org.assertj.core.data.Offset.offset(1.0));
    TaskSucceeded succeeded = (TaskSucceeded) events.get(2);
    assertThat(succeeded.result()).isEqualTo("5");
    assertThat(succeeded.runtime()).isNotNull();

    for (OutgoingMessage m : f.broker.eventMessages()) {
      assertThat(m.properties().contentType()).isEqualTo("application/json");
      assertThat(m.properties().contentEncoding()).isEqualTo("utf-8");
      assertThat(m.properties().deliveryMode()).isEqualTo(1);
      assertThat(m.properties().priority()).isZero();
      if (m.routingKey().equals("task.multi")) {
        assertThat(m.properties().headers()).isEqualTo(Map.of("hostname", "w1@vm"));
        assertThat(PythonJson.read("body", m.body()).isArray()).isTrue();
      }
    }
  }

  @Test
  void failedTaskEventCarriesTheExceptionReprAndTraceback() {
    f.worker("w1@vm");
    String id = f.app.task("demo.fail").delay().id();

    await().untilAsserted(() -> assertThat(f.broker.events(TaskFailed.TYPE)).hasSize(1));
    TaskFailed failed = (TaskFailed) f.broker.events(TaskFailed.TYPE).get(0);
    assertThat(failed.uuid()).isEqualTo(id);
    assertThat(failed.exception()).isEqualTo("IllegalStateException('boom')");
    assertThat(failed.traceback()).startsWith("Traceback").contains("IllegalStateException");
  }

  @Test
  void workerOnlineAtStartHeartbeatEveryTwoSecondsOfManualTimeOfflineAtClose() {
    f.worker("w1@vm");
    String id = f.app.task("demo.add").delay(1, 1).id();
    await().untilAsserted(() -> assertThat(taskEvents(id)).hasSize(3));

    f.time.advance(Duration.ofSeconds(2));
    f.time.advance(Duration.ofSeconds(2));
    f.time.advance(Duration.ofMillis(1_999));
    await().untilAsserted(() -> assertThat(f.broker.events(WorkerHeartbeat.TYPE)).hasSize(2));
    WorkerHeartbeat hb = (WorkerHeartbeat) f.broker.events(WorkerHeartbeat.TYPE).get(1);
    assertThat(hb.freq()).isEqualTo(2.0);
    assertThat(hb.processed()).isEqualTo(1);
    assertThat(hb.active()).isZero();
    assertThat(hb.loadavg()).hasSize(3);
    assertThat(hb.swIdent()).isEqualTo("fennel");
    assertThat(hb.swSys()).isEqualTo(Heartbeat.osName());
    assertThat(hb.timestamp())
        .isEqualTo(
            AgentFixture.START.getEpochSecond() + 4.0, org.assertj.core.data.Offset.offset(0.001));

    assertThat(f.broker.events(WorkerOnline.TYPE)).hasSize(1);
    OutgoingMessage online =
        f.broker.eventMessages().stream()
            .filter(m -> m.routingKey().equals("worker.online"))
            .findFirst()
            .orElseThrow();
    assertThat(PythonJson.read("body", online.body()).isObject()).isTrue();

    f.agent(0).close();
    assertThat(f.broker.events("worker-offline")).hasSize(1);
    assertThat(f.broker.eventMessages().getLast().routingKey()).isEqualTo("worker.offline");
  }

  @Test
  void withTaskEventsOffOnlyWorkerEventsGoOutUntilEnabledAtRuntime() {
    Worker w = f.worker("w1@vm", AgentOptions.builder().taskEvents(false).build());
    String first = f.app.task("demo.add").delay(1, 2).id();
    await().until(() -> w.control().processed() == 1);
    f.time.advance(Duration.ofSeconds(2));
    await().untilAsserted(() -> assertThat(f.broker.events(WorkerHeartbeat.TYPE)).hasSize(1));
    assertThat(f.agent(0).flush()).isTrue();
    assertThat(taskEvents(first)).isEmpty();

    f.agent(0).setTaskEvents(true);
    String second = f.app.task("demo.add").delay(3, 4).id();
    await().untilAsserted(() -> assertThat(taskEvents(second)).hasSize(3));
  }

  @Test
  void whileThePublishFailsTheBufferStaysBoundedDropsAreCountedAndEventsFlowAgainAfter() {
    Worker w = f.worker("w1@vm", AgentOptions.builder().taskEvents(true).bufferCapacity(5).build());
    await().untilAsserted(() -> assertThat(f.broker.events(WorkerOnline.TYPE)).hasSize(1));
    f.broker.failEvents(true);
    for (int i = 0; i < 4; i++) {
      f.app.task("demo.add").delay(i, i);
    }
    await().until(() -> w.control().processed() == 4);
    await().until(() -> f.agent(0).droppedEvents() == 12 - 5);
    assertThat(f.agent(0).pendingEvents()).isLessThanOrEqualTo(5);
    assertThat(f.agent(0).flush()).isFalse();

    f.broker.failEvents(false);
    // the dispatcher retries after its backoff, which runs on the injected (manual) clock
    await()
        .untilAsserted(() -> {
          f.time.advance(Duration.ofMillis(100));
          assertThat(f.broker.events()).hasSize(1 + 5);
        });
    assertThat(f.agent(0).flush()).isTrue();
    List<Event> after = f.broker.events();
    assertThat(after).hasSize(1 + 5);
    // the oldest were dropped: what is left is the newest five, in order
    assertThat(after.getLast().type()).isEqualTo(TaskSucceeded.TYPE);
    List<Long> clocks = new ArrayList<>();
    after.subList(1, after.size()).forEach(e -> clocks.add(e.clock()));
    assertThat(clocks).isSorted();
  }

  @Test
  void taskSentGoesAloneOnTaskSentWhenTheAppSendsSentEvents() {
    f.worker("w1@vm");
    f.app.task("demo.add").delay(1, 1);
    await().until(() -> f.broker.events(TaskSucceeded.TYPE).size() == 1);
    assertThat(f.broker.events(TaskSent.TYPE)).isEmpty();

    try (AgentFixture g =
        new AgentFixture(
            new io.fennel.core.broker.memory.MemoryBroker(),
            null,
            Map.of("task_send_sent_event", "true"))) {
      g.worker("w1@vm");
      String id = g.app.task("demo.add").delay(1, 1).id();
      await().until(() -> g.broker.events(TaskSent.TYPE).size() == 1);
      TaskSent sent = (TaskSent) g.broker.events(TaskSent.TYPE).get(0);
      assertThat(sent.uuid()).isEqualTo(id);
      assertThat(sent.hostname()).isEqualTo("gen" + ProcessHandle.current().pid() + "@vm");
      assertThat(sent.args()).isEqualTo("(1, 1)");
      assertThat(sent.queue()).isEqualTo("celery");
      assertThat(sent.exchange()).isEmpty();
      assertThat(sent.routingKey()).isEqualTo("celery");
      OutgoingMessage m =
          g.broker.eventMessages().stream()
              .filter(x -> x.routingKey().equals("task.sent"))
              .findFirst()
              .orElseThrow();
      assertThat(m.properties().headers()).isEqualTo(Map.of("hostname", sent.hostname()));
      assertThat(PythonJson.read("body", m.body()).isObject()).isTrue();
    }
  }

  @Test
  void anAgentSucceededEventHasTheKeyOrderOfACapturedOne() throws Exception {
    Path vector =
        Path.of(
            System.getProperty("fennel.shared.dir", "../../shared"),
            "celery-wire/amqp/events/task-succeeded__rk_task.multi.json");
    JsonNode captured = PythonJson.read("vector", Files.readString(vector)).get("body").get(0);

    f.worker("w1@vm");
    f.app.task("demo.add").delay(2, 3);
    await().until(() -> f.broker.events(TaskSucceeded.TYPE).size() == 1);
    JsonNode ours = EventCodec.toJson(f.broker.events(TaskSucceeded.TYPE).get(0));

    List<String> capturedKeys = new ArrayList<>();
    captured.fieldNames().forEachRemaining(capturedKeys::add);
    List<String> ourKeys = new ArrayList<>();
    ours.fieldNames().forEachRemaining(ourKeys::add);
    assertThat(ourKeys).isEqualTo(capturedKeys);
    assertThat(ours.get("result").textValue()).isEqualTo("5");
    assertThat(WireNames.EVENT_BATCH_ROUTING_KEY).isEqualTo("task.multi");
  }
}
