package io.fennel.monitor.state;

import static org.assertj.core.api.Assertions.assertThat;

import io.fennel.core.time.ManualScheduler;
import io.fennel.monitor.Captures;
import io.fennel.protocol.event.EventCodec;
import io.fennel.protocol.event.EventFields;
import io.fennel.protocol.event.TaskReceived;
import io.fennel.protocol.event.TaskSent;
import io.fennel.protocol.event.TaskStarted;
import io.fennel.protocol.event.TaskSucceeded;
import io.fennel.protocol.event.WorkerHeartbeat;
import io.fennel.protocol.event.WorkerOffline;
import io.fennel.protocol.state.TaskState;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The cluster state built from events: merged timelines, counts, bounds and worker liveness. */
class ClusterStateTest {
  private static final double T0 = 1_800_000_000.0;
  private final ManualScheduler scheduler = new ManualScheduler(Instant.ofEpochSecond((long) T0));

  private static EventFields at(String host, double ts) {
    return EventFields.of(host, 0, 42, 1, ts);
  }

  private static void feed(ClusterState state, List<Captures.Message> messages) {
    messages.forEach(m -> state.applyAll(EventCodec.decode(m.body())));
  }

  private static final Map<String, TaskState> FINAL =
      Map.ofEntries(
          Map.entry("chain_step1.json", TaskState.SUCCESS),
          Map.entry("chain_step2.json", TaskState.SUCCESS),
          Map.entry("chord_callback.json", TaskState.SUCCESS),
          Map.entry("expired_demo.add.json", TaskState.REVOKED),
          Map.entry("failure_demo.fail.json", TaskState.FAILURE),
          Map.entry("rejected_demo.reject.json", TaskState.FAILURE),
          Map.entry("reserved_then_succeeded_demo.add.json", TaskState.SUCCESS),
          Map.entry("retried_demo.retry.json", TaskState.SUCCESS),
          Map.entry("revoked_sigkill_demo.sleep.json", TaskState.REVOKED),
          Map.entry("revoked_terminated_demo.sleep.json", TaskState.REVOKED),
          Map.entry("success_demo.add.json", TaskState.SUCCESS));

  @Test
  void everyCapturedTimelineEndsInItsFinalStateWithEveryEventOnTheTimeline() {
    List<Captures.Timeline> timelines = Captures.timelines();
    assertThat(timelines).hasSize(FINAL.size());
    for (Captures.Timeline tl : timelines) {
      ClusterState state = new ClusterState(1000, LiveClock.of(scheduler));
      feed(state, tl.messages());
      TaskView t = state.task(tl.taskId()).orElseThrow();
      assertThat(t.state()).as(tl.file()).isEqualTo(FINAL.get(tl.file()));
      assertThat(t.timeline().stream().map(TimelineEntry::type).sorted().toList())
          .as(tl.file())
          .isEqualTo(tl.types().stream().sorted().toList());
      assertThat(t.name()).as(tl.file()).startsWith("demo.");
    }
  }

  @Test
  void failedTaskKeepsExceptionAndFullTraceback() {
    ClusterState state = new ClusterState(1000, LiveClock.of(scheduler));
    Captures.Timeline tl = timeline("failure_demo.fail.json");
    feed(state, tl.messages());
    TaskView t = state.task(tl.taskId()).orElseThrow();
    assertThat(t.exception()).isEqualTo("ValueError('boom')");
    assertThat(t.traceback()).startsWith("Traceback (most recent call last):").contains("boom");
    assertThat(t.worker()).isEqualTo("wire@vm");
    assertThat(t.received()).isNotNull();
    assertThat(t.failed()).isNotNull();
  }

  @Test
  void retriedTaskCountsItsRetryAndSucceeds() {
    ClusterState state = new ClusterState(1000, LiveClock.of(scheduler));
    Captures.Timeline tl = timeline("retried_demo.retry.json");
    feed(state, tl.messages());
    TaskView t = state.task(tl.taskId()).orElseThrow();
    assertThat(t.retries()).isEqualTo(1);
    assertThat(t.retried()).isNotNull();
    assertThat(t.result()).isEqualTo("'ok-after-retry'");
    assertThat(t.timeline()).hasSize(8);
  }

  @Test
  void expiredTaskIsRevokedWithExpiredOnItsTimeline() {
    ClusterState state = new ClusterState(1000, LiveClock.of(scheduler));
    Captures.Timeline tl = timeline("expired_demo.add.json");
    feed(state, tl.messages());
    TaskView t = state.task(tl.taskId()).orElseThrow();
    assertThat(t.state()).isEqualTo(TaskState.REVOKED);
    TimelineEntry revoked = t.timeline().getLast();
    assertThat(revoked.type()).isEqualTo("task-revoked");
    assertThat(revoked.fields()).containsEntry("expired", "true");
  }

  @Test
  void lateStartedAfterSucceededNeverMovesTheTaskBack() {
    ClusterState state = new ClusterState(1000, LiveClock.of(scheduler));
    state.apply(new TaskSucceeded(at("w1", T0 + 3), "t1", "5", 0.5));
    state.apply(
        new TaskReceived(
            at("w1", T0 + 1), "t1", "demo.add", "(2, 3)", "{}", "t1", null, 0, null, null));
    state.apply(new TaskStarted(at("w1", T0 + 2), "t1"));
    TaskView t = state.task("t1").orElseThrow();
    assertThat(t.state()).isEqualTo(TaskState.SUCCESS);
    assertThat(t.name()).isEqualTo("demo.add");
    assertThat(t.args()).isEqualTo("(2, 3)");
    assertThat(t.started()).isEqualTo(T0 + 2);
    assertThat(t.timeline().stream().map(TimelineEntry::type))
        .containsExactly("task-received", "task-started", "task-succeeded");
    assertThat(state.stateCounts().get(TaskState.SUCCESS)).isEqualTo(1);
    assertThat(state.stateCounts().get(TaskState.RECEIVED)).isZero();
  }

  @Test
  void olderNonFinalEventDoesNotOverrideNewerState() {
    ClusterState state = new ClusterState(1000, LiveClock.of(scheduler));
    state.apply(new TaskStarted(at("w1", T0 + 2), "t1"));
    state.apply(
        new TaskSent(
            at("c", T0),
            "t1",
            "t1",
            null,
            "demo.add",
            "()",
            "{}",
            0,
            null,
            null,
            "celery",
            "",
            "celery"));
    assertThat(state.task("t1").orElseThrow().state()).isEqualTo(TaskState.STARTED);
    assertThat(state.task("t1").orElseThrow().queue()).isEqualTo("celery");
  }

  @Test
  void boundedStateEvictsTheOldestTasksFirst() {
    ClusterState state = new ClusterState(100, LiveClock.of(scheduler));
    for (int i = 0; i < 150; i++) {
      state.apply(
          new TaskSent(
              at("c", T0 + i),
              "t" + i,
              "t" + i,
              null,
              "demo.add",
              "()",
              "{}",
              0,
              null,
              null,
              "celery",
              "",
              "celery"));
      // an old task getting new events must not save it from eviction
      if (i > 0 && i < 100) {
        state.apply(new TaskStarted(at("w", T0 + i), "t0"));
      }
    }
    assertThat(state.taskCount()).isEqualTo(100);
    assertThat(state.evictedCount()).isEqualTo(50);
    for (int i = 0; i < 50; i++) {
      assertThat(state.task("t" + i)).as("t" + i).isEmpty();
    }
    for (int i = 50; i < 150; i++) {
      assertThat(state.task("t" + i)).as("t" + i).isPresent();
    }
    long kept = state.stateCounts().values().stream().mapToLong(Long::longValue).sum();
    assertThat(kept).isEqualTo(state.taskCount());
  }

  @Test
  void workerGoesOfflineAfterTwoMissedHeartbeatsAndBackOnline() {
    ClusterState state = new ClusterState(10, LiveClock.of(scheduler));
    AtomicInteger statusChanges = new AtomicInteger();
    state.addListener(
        new StateListener() {
          @Override
          public void onWorkerStatus(WorkerView worker) {
            statusChanges.incrementAndGet();
          }
        });
    scheduler.every(() -> state.sweep(null), Duration.ofSeconds(1));
    double now = scheduler.clock().millis() / 1000.0;
    state.apply(
        new WorkerHeartbeat(
            at("w1", now), 2.0, 1, 10, List.of(0.1, 0.2, 0.3), "py-celery", "5.2.6", "Linux"));
    assertThat(state.worker("w1").orElseThrow().online()).isTrue();
    scheduler.advance(Duration.ofSeconds(4));
    assertThat(state.worker("w1").orElseThrow().online()).isTrue();
    scheduler.advance(Duration.ofSeconds(1));
    assertThat(state.worker("w1").orElseThrow().online()).isFalse();
    assertThat(statusChanges).hasValue(1);
    now = scheduler.clock().millis() / 1000.0;
    state.apply(
        new WorkerHeartbeat(
            at("w1", now), 2.0, 0, 11, List.of(0.1, 0.2, 0.3), "py-celery", "5.2.6", "Linux"));
    WorkerView w = state.worker("w1").orElseThrow();
    assertThat(w.online()).isTrue();
    assertThat(w.processed()).isEqualTo(11);
    assertThat(w.loadavg()).containsExactly(0.1, 0.2, 0.3);
  }

  @Test
  void workersAreListedByHostnameWhateverOrderTheyAppearedIn() {
    ClusterState state = new ClusterState(10, LiveClock.of(scheduler));
    double now = scheduler.clock().millis() / 1000.0;
    for (String host : List.of("celery@zeta", "celery@alpha", "fennel@mid", "celery@beta")) {
      state.apply(
          new WorkerHeartbeat(
              at(host, now), 2.0, 0, 1, List.of(0.1, 0.2, 0.3), "py-celery", "5.2.6", "Linux"));
    }
    assertThat(state.workers().stream().map(WorkerView::hostname))
        .containsExactly("celery@alpha", "celery@beta", "celery@zeta", "fennel@mid");
    assertThat(state.workerNames())
        .containsExactly("celery@alpha", "celery@beta", "celery@zeta", "fennel@mid");
  }

  @Test
  void offlineWorkerIsPurgedAfterTheGivenTime() {
    ClusterState state = new ClusterState(10, LiveClock.of(scheduler));
    double now = scheduler.clock().millis() / 1000.0;
    state.apply(new WorkerOffline(at("w1", now), 2.0, 0, 3, null, "py-celery", "5.2.6", "Linux"));
    assertThat(state.worker("w1").orElseThrow().online()).isFalse();
    scheduler.every(() -> state.sweep(Duration.ofSeconds(30)), Duration.ofSeconds(1));
    scheduler.advance(Duration.ofSeconds(29));
    assertThat(state.workerNames()).containsExactly("w1");
    scheduler.advance(Duration.ofSeconds(2));
    assertThat(state.workerNames()).isEmpty();
  }

  @Test
  void queriesFilterSortAndPage() {
    ClusterState state = new ClusterState(1000, LiveClock.of(scheduler));
    List<Captures.Timeline> timelines = Captures.timelines();
    timelines.forEach(tl -> feed(state, tl.messages()));
    assertThat(state.tasks(TaskQuery.ALL))
        .extracting(TaskView::uuid)
        .containsAll(timelines.stream().map(Captures.Timeline::taskId).toList());
    var failed =
        state.tasks(
            new TaskQuery(null, 0, null, null, null, Set.of(TaskState.FAILURE), null, null, null));
    assertThat(failed)
        .extracting(TaskView::name)
        .containsExactlyInAnyOrder("demo.fail", "demo.reject");
    var byReceived =
        state.tasks(new TaskQuery(3, 1, "-received", null, null, null, null, null, null));
    assertThat(byReceived).hasSize(3);
    assertThat(byReceived.get(0).received()).isGreaterThanOrEqualTo(byReceived.get(1).received());
    var search =
        state.tasks(new TaskQuery(null, 0, null, null, null, null, null, null, "ok-after-retry"));
    assertThat(search).extracting(TaskView::name).containsExactly("demo.retry");
    assertThat(state.taskNames()).contains("demo.add", "demo.fail", "demo.retry");
    assertThat(state.queues()).contains("celery");
  }

  @Test
  void aSuccessOnTheTimelineShowsTheResultAndRuntimeTheEventCarried() {
    Captures.Timeline tl = timeline("success_demo.add.json");
    ClusterState state = new ClusterState(1000, LiveClock.of(scheduler));
    feed(state, tl.messages());
    TaskSucceeded succeeded =
        tl.messages().stream()
            .flatMap(m -> EventCodec.decode(m.body()).stream())
            .filter(TaskSucceeded.class::isInstance)
            .map(TaskSucceeded.class::cast)
            .filter(e -> e.uuid().equals(tl.taskId()))
            .findFirst()
            .orElseThrow();

    TimelineEntry entry =
        state.task(tl.taskId()).orElseThrow().timeline().stream()
            .filter(e -> e.type().equals(TaskSucceeded.TYPE))
            .findFirst()
            .orElseThrow();

    assertThat(succeeded.runtime()).isNotNull();
    assertThat(entry.fields())
        .containsExactly(
            Map.entry("result", succeeded.result()),
            Map.entry("runtime", String.valueOf(succeeded.runtime())));
  }

  private static Captures.Timeline timeline(String file) {
    return Captures.timelines().stream()
        .filter(t -> t.file().equals(file))
        .findFirst()
        .orElseThrow();
  }
}
