package io.fennel.core.worker;

import static org.assertj.core.api.Assertions.assertThat;

import io.fennel.core.broker.Delivery;
import io.fennel.core.broker.MessageProperties;
import io.fennel.core.task.TaskOptions;
import io.fennel.protocol.task.TaskBody;
import io.fennel.protocol.task.TaskHeaders;
import io.fennel.protocol.task.TaskMessage;
import io.fennel.protocol.task.TaskMessageCodec;
import io.fennel.protocol.task.TaskProperties;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Celery's delivery controls as the outcome handler applies them: {@code
 * task_acks_on_failure_or_timeout} and {@code task_reject_on_worker_lost} with late acks.
 */
class DeliveryControlsTest {

  /** A delivery that records how it was settled. */
  static final class Recording implements Delivery {
    String settled;

    @Override
    public String exchange() {
      return "";
    }

    @Override
    public String routingKey() {
      return "celery";
    }

    @Override
    public String queue() {
      return "celery";
    }

    @Override
    public MessageProperties properties() {
      return MessageProperties.json(Map.of(), 2);
    }

    @Override
    public byte[] body() {
      return new byte[0];
    }

    @Override
    public boolean redelivered() {
      return false;
    }

    @Override
    public void ack() {
      settled = "ack";
    }

    @Override
    public void reject(boolean requeue) {
      settled = requeue ? "requeue" : "reject";
    }
  }

  private static String settle(WorkerHarness h, TaskOutcome outcome) {
    WorkerDependencies deps =
        new WorkerDependencies(
            h.app.unsafe().registry(),
            h.broker,
            null,
            h.app.unsafe().producer(),
            h.app.config(),
            h.time,
            new Random(1),
            1L);
    OutcomeHandler handler =
        new OutcomeHandler(
            deps, "w1@h", new ResultWriter(null, h.time), new Listeners(deps.failures()));
    Map<String, Object> headers = new LinkedHashMap<>();
    headers.put("lang", "py");
    headers.put("task", "t.late");
    headers.put("id", "id-1");
    TaskHeaders th = TaskMessageCodec.headersFromMap(headers);
    Recording d = new Recording();
    TaskRequest r =
        new TaskRequest(
            new TaskMessage(
                TaskProperties.forTask("id-1", null), th, new TaskBody(null, null, null)),
            d,
            h.app.unsafe().registry().find("t.late").orElseThrow(),
            h.time.clock().instant());
    r.moveTo(io.fennel.protocol.state.TaskState.STARTED);
    handler.settle(r, outcome);
    return d.settled;
  }

  private static final TaskOutcome FAILED =
      new TaskOutcome.Failed(TaskFailure.of(new TimeLimitExceeded(3.0), false), 3.0);

  @Test
  void givenLateAcksAndAcksOnFailureOffWhenATaskTimesOutThenItsMessageIsRejectedNotRequeued() {
    try (var h =
        new WorkerHarness(
            app -> app.register("t.late", TaskOptions.DEFAULTS, c -> 1),
            c -> c.taskAcksLate(true).taskAcksOnFailureOrTimeout(false))) {
      assertThat(settle(h, FAILED)).isEqualTo("reject");
    }
  }

  @Test
  void givenTheDefaultsWhenALateAckedTaskFailsThenItsMessageIsAcknowledged() {
    try (var h =
        new WorkerHarness(
            app -> app.register("t.late", TaskOptions.DEFAULTS, c -> 1),
            c -> c.taskAcksLate(true))) {
      assertThat(h.app.config().taskAcksOnFailureOrTimeout()).isTrue();
      assertThat(settle(h, FAILED)).isEqualTo("ack");
    }
  }

  @Test
  void givenAWorkerLostRejectionThenTheMessageGoesBackToItsQueue() {
    try (var h =
        new WorkerHarness(
            app -> app.register("t.late", TaskOptions.DEFAULTS, c -> 1),
            c -> c.taskAcksLate(true).taskRejectOnWorkerLost(true))) {
      assertThat(settle(h, new TaskOutcome.Rejected(TaskOutcome.Rejected.Reason.WORKER_LOST)))
          .isEqualTo("requeue");
    }
  }

  @Test
  void givenCancelOnConnectionLossWhenTheConnectionDropsThenRunningLateAckedTasksAreRequeued()
      throws Exception {
    java.util.concurrent.CountDownLatch started = new java.util.concurrent.CountDownLatch(1);
    try (var h =
        new WorkerHarness(
            app ->
                app.register(
                    "t.late",
                    TaskOptions.DEFAULTS,
                    c -> {
                      started.countDown();
                      new java.util.concurrent.CountDownLatch(1).await();
                      return 1;
                    }),
            c -> c.taskAcksLate(true).workerCancelLongRunningTasksOnConnectionLoss(true))) {
      OutcomeHandlerTest.Recorder rec = new OutcomeHandlerTest.Recorder();
      h.worker = h.app.worker(h.app.workerOptions("w1@%h", java.util.List.of()));
      h.worker.addListener(rec);
      h.worker.start();
      String id = h.app.task("t.late").delay().id();
      assertThat(started.await(10, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
      h.broker.close();
      h.time.advance(ConnectionWatch.PERIOD);
      org.awaitility.Awaitility.await()
          .until(
              () -> rec.of(id),
              o -> o.contains(new TaskOutcome.Rejected(TaskOutcome.Rejected.Reason.CANCELLED)));
    }
  }

  @Test
  void givenTheSettingsByCeleryNameThenTheyParse() {
    var c =
        io.fennel.core.config.FennelConfig.builder()
            .set("task_reject_on_worker_lost", "true")
            .set("task_acks_on_failure_or_timeout", "false")
            .set("worker_cancel_long_running_tasks_on_connection_loss", "yes")
            .build();
    assertThat(c.taskRejectOnWorkerLost()).isTrue();
    assertThat(c.taskAcksOnFailureOrTimeout()).isFalse();
    assertThat(c.workerCancelLongRunningTasksOnConnectionLoss()).isTrue();
  }
}
