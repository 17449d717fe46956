package io.fennel.protocol.event;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The modelled fields of captured events carry what Celery meant by them. */
class CapturedEventFieldsTest {

  private static List<Event> decodeAll(String file) {
    return WireVectors.messages(WireVectors.root().resolve("amqp/events/" + file)).stream()
        .flatMap(m -> EventCodec.decode(WireVectors.bodyRaw(m)).stream())
        .toList();
  }

  private static <T extends Event> T only(String file, Class<T> type) {
    List<T> found = decodeAll(file).stream().filter(type::isInstance).map(type::cast).toList();
    assertThat(found).as(file).hasSize(1);
    return found.getFirst();
  }

  @Test
  void taskSucceededCarriesTheResultAsAReprStringAndTheRuntime() {
    TaskSucceeded e = only("task-succeeded__rk_task.multi.json", TaskSucceeded.class);
    assertThat(e.result()).isEqualTo("5");
    assertThat(e.runtime()).isEqualTo(0.0053394980000120995);
    assertThat(e.hostname()).isEqualTo("wire@vm");
    assertThat(e.utcoffset()).isZero();
    assertThat(e.pid()).isEqualTo(5713);
    assertThat(e.clock()).isEqualTo(29);
    assertThat(e.timestamp()).isEqualTo(1795503004.4924262);
  }

  @Test
  void taskSentFromTheClientCarriesReprArgsAndWhereItWasPublished() {
    TaskSent e = only("task-sent.json", TaskSent.class);
    assertThat(e.name()).isEqualTo("demo.add");
    assertThat(e.args()).isEqualTo("(2, 3)");
    assertThat(e.kwargs()).isEqualTo("{}");
    assertThat(e.exchange()).isEmpty();
    assertThat(e.routingKey()).isEqualTo("celery");
    assertThat(e.queue()).isEqualTo("celery");
    assertThat(e.rootId()).isEqualTo(e.uuid());
    assertThat(e.parentId()).isNull();
    assertThat(e.retries()).isZero();
    assertThat(e.clock()).isEqualTo(1);
  }

  @Test
  void taskSentWithEtaAndExpiresKeepsTheIsoStringsAndTheCustomQueue() {
    TaskSent e = only("task-sent_eta_expires_custom_queue.json", TaskSent.class);
    assertThat(e.eta()).endsWith("+00:00");
    assertThat(e.expires()).endsWith("+00:00");
    assertThat(e.queue()).isEqualTo("wire.custom");
  }

  @Test
  void revokedEventsDistinguishSigtermSigkillAndExpiry() {
    TaskRevoked term = only("timelines/revoked_terminated_demo.sleep.json", TaskRevoked.class);
    assertThat(term.terminated()).isTrue();
    assertThat(term.signum()).isEqualTo(15);
    assertThat(term.expired()).isFalse();

    TaskRevoked kill = only("timelines/revoked_sigkill_demo.sleep.json", TaskRevoked.class);
    assertThat(kill.signum()).isEqualTo(9);

    TaskRevoked expired = only("timelines/expired_demo.add.json", TaskRevoked.class);
    assertThat(expired.terminated()).isFalse();
    assertThat(expired.signum()).isNull();
    assertThat(expired.expired()).isTrue();
    assertThat(decodeAll("timelines/expired_demo.add.json"))
        .noneMatch(TaskReceived.class::isInstance);
  }

  @Test
  void rejectedComesBatchedWithTheFailureThatFollowsIt() {
    JsonNode m =
        WireVectors.messages(
                WireVectors.root().resolve("amqp/events/task-rejected__rk_task.multi.json"))
            .getFirst();
    List<Event> batch = EventCodec.decode(WireVectors.bodyRaw(m));
    assertThat(batch).hasSize(2);
    assertThat(batch.get(0))
        .isInstanceOfSatisfying(TaskRejected.class, r -> assertThat(r.requeue()).isFalse());
    assertThat(batch.get(1))
        .isInstanceOfSatisfying(
            TaskFailed.class,
            f -> assertThat(f.exception()).isEqualTo("ValueError('rejected by demo')"));
  }

  @Test
  void failureAndRetryCarryReprExceptionsAndTracebacks() {
    TaskFailed failed = only("task-failed__rk_task.multi.json", TaskFailed.class);
    assertThat(failed.exception()).isEqualTo("ValueError('boom')");
    assertThat(failed.traceback()).startsWith("Traceback (most recent call last):");
    TaskRetried retried = only("task-retried__rk_task.multi.json", TaskRetried.class);
    assertThat(retried.exception()).isEqualTo("None");
    assertThat(retried.traceback()).isNotBlank();
  }

  @Test
  void workerHeartbeatsCarryFreqTwoSoftwareAndClimbingClocks() {
    List<WorkerHeartbeat> beats =
        decodeAll("worker-heartbeat_sequence.json").stream()
            .map(WorkerHeartbeat.class::cast)
            .toList();
    assertThat(beats).hasSizeGreaterThan(2);
    for (WorkerHeartbeat b : beats) {
      assertThat(b.freq()).isEqualTo(2.0);
      assertThat(b.swIdent()).isEqualTo("py-celery");
      assertThat(b.swVer()).isEqualTo("5.2.6");
      assertThat(b.swSys()).isEqualTo("Linux");
      assertThat(b.loadavg()).hasSize(3);
    }
    for (int i = 1; i < beats.size(); i++) {
      assertThat(beats.get(i).clock()).isGreaterThan(beats.get(i - 1).clock());
      assertThat(beats.get(i).timestamp() - beats.get(i - 1).timestamp()).isBetween(1.5, 2.5);
    }
    assertThat(EventCodec.routingKey(beats.getFirst())).isEqualTo("worker.heartbeat");
  }

  @Test
  void workerOnlineAndOfflineAreWorkerEventsWithTheSameFacts() {
    WorkerOnline online = only("worker-online__rk_worker.online.json", WorkerOnline.class);
    WorkerOffline offline = only("worker-offline__rk_worker.offline.json", WorkerOffline.class);
    assertThat(online.processed()).isZero();
    assertThat(offline.processed()).isEqualTo(17);
    assertThat(online.active()).isZero();
    assertThat(EventCodec.routingKey(offline)).isEqualTo("worker.offline");
  }

  @Test
  void anEmptyTaskMultiBatchDecodesToNoEventsAndEncodesBackToAnEmptyList() {
    List<JsonNode> messages =
        WireVectors.messages(WireVectors.root().resolve("amqp/events/task.multi_empty_list.json"));
    assertThat(messages).isNotEmpty();
    for (JsonNode m : messages) {
      assertThat(EventCodec.decode(WireVectors.bodyRaw(m))).isEmpty();
    }
    assertThat(EventCodec.encodeBatch(List.of())).asString().isEqualTo("[]");
  }

  @Test
  void theWholeWorkerRunDecodesIntoEveryModelledType() {
    List<Event> all = decodeAll("all_events_part2.json");
    assertThat(all.stream().map(Event::type).distinct())
        .containsExactlyInAnyOrder(
            "task-sent",
            "task-received",
            "task-started",
            "task-succeeded",
            "task-failed",
            "task-retried",
            "task-rejected",
            "task-revoked",
            "worker-online",
            "worker-heartbeat",
            "worker-offline");
    assertThat(all).noneMatch(UnknownEvent.class::isInstance);
  }

  @Test
  void aSuccessTimelineRunsSentReceivedStartedSucceeded() {
    List<String> types =
        decodeAll("timelines/success_demo.add.json").stream().map(Event::type).toList();
    assertThat(types)
        .containsExactly("task-sent", "task-received", "task-started", "task-succeeded");
  }
}
