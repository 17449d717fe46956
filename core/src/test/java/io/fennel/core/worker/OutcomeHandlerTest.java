package io.fennel.core.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fennel.core.producer.SendOptions;
import io.fennel.core.result.AsyncResult;
import io.fennel.core.task.TaskOptions;
import io.fennel.protocol.result.ResultRecord;
import io.fennel.protocol.state.TaskState;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * Every kind of {@link TaskOutcome} goes through the one outcome handler: the result is stored, the
 * listeners hear the same outcome, and the message is settled, never left in the queue.
 */
class OutcomeHandlerTest {
  private static final Duration WAIT = Duration.ofSeconds(10);

  /** What a listener heard: the request and the outcome, in order. */
  record Heard(TaskRequest request, TaskOutcome outcome) {}

  static final class Recorder implements WorkerListener {
    final List<Heard> heard = new CopyOnWriteArrayList<>();

    @Override
    public void taskOutcome(TaskRequest request, TaskOutcome outcome) {
      heard.add(new Heard(request, outcome));
    }

    List<TaskOutcome> of(String id) {
      return heard.stream().filter(h -> h.request().id().equals(id)).map(Heard::outcome).toList();
    }

    TaskRequest last(String id) {
      return heard.stream()
          .filter(h -> h.request().id().equals(id))
          .reduce((a, b) -> b)
          .orElseThrow()
          .request();
    }
  }

  private static Worker startWith(WorkerHarness h, WorkerListener l) {
    h.worker = h.app.worker(h.app.workerOptions("w1@%h", List.of()));
    h.worker.addListener(l);
    h.worker.start();
    return h.worker;
  }

  private static String status(WorkerHarness h, String id) {
    return h.backend.get(id).map(ResultRecord::status).orElse("PENDING");
  }

  @Test
  void givenEachOutcomeKindWhenTheWorkerSettlesItThenResultListenerAndAckAllFollow()
      throws Exception {
    AtomicInteger attempts = new AtomicInteger();
    Recorder rec = new Recorder();
    try (var h =
        new WorkerHarness(app -> {
          app.register("t.ok", c -> "fine");
          app.register(
              "t.fail",
              c -> {
                throw new IllegalStateException("boom");
              });
          app.register(
              "t.again",
              TaskOptions.DEFAULTS.withMaxRetries(3),
              c -> {
                if (attempts.incrementAndGet() == 1) {
                  throw c.context().retry(Duration.ofSeconds(5), null, null);
                }
                return "second";
              });
          app.register("t.later", c -> "never");
        })) {
      Worker w = startWith(h, rec);

      AsyncResult ok = h.app.task("t.ok").delay();
      AsyncResult fail = h.app.task("t.fail").delay();
      AsyncResult again = h.app.task("t.again").delay();
      AsyncResult later =
          h.app
              .task("t.later")
              .applyAsync(
                  List.of(),
                  Map.of(),
                  SendOptions.builder().countdown(Duration.ofMinutes(1)).build());
      AsyncResult unknown = h.app.task("t.nobody").delay();

      await().atMost(WAIT).until(() -> rec.of(ok.id()).size() == 2);
      assertThat(rec.of(ok.id()))
          .map(TaskOutcome::state)
          .containsExactly(TaskState.STARTED, TaskState.SUCCESS);
      assertThat(((TaskOutcome.Succeeded) rec.of(ok.id()).get(1)).result().asText())
          .isEqualTo("fine");
      assertThat(status(h, ok.id())).isEqualTo("SUCCESS");

      await().atMost(WAIT).until(() -> rec.of(fail.id()).size() == 2);
      TaskOutcome.Failed failed = (TaskOutcome.Failed) rec.of(fail.id()).get(1);
      assertThat(failed.failure().excType()).isEqualTo("IllegalStateException");
      assertThat(status(h, fail.id())).isEqualTo("FAILURE");

      await().atMost(WAIT).until(() -> rec.of(again.id()).size() == 2);
      TaskOutcome.Retried retried = (TaskOutcome.Retried) rec.of(again.id()).get(1);
      assertThat(retried.reason()).isNull();
      assertThat(retried.retries()).isEqualTo(1);
      assertThat(retried.countdown()).isEqualTo(Duration.ofSeconds(5));
      assertThat(status(h, again.id())).isEqualTo("RETRY");
      TaskRequest firstRun = rec.last(again.id());
      await().atMost(WAIT).until(firstRun::acknowledged);
      await().atMost(WAIT).until(() -> w.control().scheduled().size() == 2);
      h.time.advance(Duration.ofSeconds(5));
      await().atMost(WAIT).until(() -> rec.of(again.id()).size() == 4);
      assertThat(rec.of(again.id()))
          .map(TaskOutcome::state)
          .containsExactly(
              TaskState.STARTED, TaskState.RETRY, TaskState.STARTED, TaskState.SUCCESS);
      assertThat(again.get(WAIT).asText()).isEqualTo("second");

      w.control().revoke(List.of(later.id()), false, "SIGTERM");
      await().atMost(WAIT).until(() -> rec.of(later.id()).size() == 1);
      TaskOutcome.Revoked revoked = (TaskOutcome.Revoked) rec.of(later.id()).get(0);
      assertThat(revoked.reason()).isEqualTo(TaskOutcome.Revoked.Reason.REVOKED);
      assertThat(revoked.signum()).isNull();
      assertThat(status(h, later.id())).isEqualTo("REVOKED");

      await().atMost(WAIT).until(() -> rec.of(unknown.id()).size() == 1);
      TaskOutcome.Rejected rejected = (TaskOutcome.Rejected) rec.of(unknown.id()).get(0);
      assertThat(rejected.reason()).isEqualTo(TaskOutcome.Rejected.Reason.UNREGISTERED);
      assertThat(rejected.requeue()).isFalse();
      assertThat(status(h, unknown.id())).isEqualTo("FAILURE");
      assertThat(h.backend.get(unknown.id()).orElseThrow().exception().orElseThrow().excType())
          .isEqualTo("NotRegistered");

      for (String id : List.of(ok.id(), fail.id(), again.id(), later.id(), unknown.id())) {
        TaskRequest r = rec.last(id);
        await().atMost(WAIT).until(r::acknowledged);
        assertThat(r.state())
            .as(id)
            .isEqualTo(
                rec.of(id).getLast().state() == TaskState.REJECTED
                    ? TaskState.FAILURE
                    : rec.of(id).getLast().state());
      }
      w.shutdown();
      assertThat(w.awaitStopped(WAIT)).isTrue();
      assertThat(h.broker.queueStats("celery").orElseThrow().messages())
          .as("every message was settled; none went back to the queue")
          .isZero();
    }
  }

  @Test
  void givenAListenerThatThrowsWhenTasksRunThenTheWorkerCountsItAndOthersAreStillTold()
      throws Exception {
    Recorder rec = new Recorder();
    try (var h = new WorkerHarness(app -> app.register("t.ok", c -> "fine"))) {
      h.worker = h.app.worker(h.app.workerOptions("w1@%h", List.of()));
      h.worker.addListener(
          new WorkerListener() {
            @Override
            public void taskOutcome(TaskRequest request, TaskOutcome outcome) {
              throw new IllegalStateException("listener bug");
            }
          });
      h.worker.addListener(rec);
      h.worker.start();

      assertThat(h.app.task("t.ok").delay().get(WAIT).asText()).isEqualTo("fine");
      assertThat(h.app.task("t.ok").delay().get(WAIT).asText()).isEqualTo("fine");

      await().atMost(WAIT).until(() -> rec.heard.size() == 4);
      assertThat(h.worker.control().failureCounts()).containsEntry(Listeners.FAILURE_KIND, 4L);
    }
  }

  @Test
  void givenAWarmShutdownThenHeldMessagesAreRejectedBackToTheQueueAsStopping() throws Exception {
    Recorder rec = new Recorder();
    try (var h = new WorkerHarness(app -> app.register("t.later", c -> "never"))) {
      Worker w = startWith(h, rec);
      AsyncResult later =
          h.app
              .task("t.later")
              .applyAsync(
                  List.of(),
                  Map.of(),
                  SendOptions.builder().countdown(Duration.ofMinutes(1)).build());
      await().atMost(WAIT).until(() -> w.control().scheduled().size() == 1);

      w.shutdown();
      assertThat(w.awaitStopped(WAIT)).isTrue();

      assertThat(rec.of(later.id()))
          .containsExactly(new TaskOutcome.Rejected(TaskOutcome.Rejected.Reason.STOPPING));
      assertThat(status(h, later.id()))
          .as("nothing is recorded for a requeue")
          .isEqualTo("PENDING");
      assertThat(h.broker.queueStats("celery").orElseThrow().messages()).isEqualTo(1);
    }
  }
}
