package io.fennel.it.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fennel.core.Fennel;
import io.fennel.core.producer.SendOptions;
import io.fennel.core.testing.TcpProxy;
import io.fennel.core.time.ManualScheduler;
import io.fennel.core.worker.Worker;
import io.fennel.it.support.RabbitQueues;
import io.fennel.it.support.Services;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * {@code worker_cancel_long_running_tasks_on_connection_loss} on real RabbitMQ: a proxy between the
 * worker and the broker cuts the connection while a late-acked task runs; the task is cancelled at
 * once (amqp-client reports the loss, no polling needed), RabbitMQ delivers it again after the
 * worker reconnects, and it completes exactly once.
 */
class CancelOnConnectionLossTest {
  private static final Duration WAIT = Duration.ofSeconds(60);

  @Test
  void givenALateAckedTaskRunningWhenTheConnectionDropsThenItIsCancelledAndCompletesOnce()
      throws Exception {
    Services.requireRabbit();
    String queue = "it.faults.cancel." + UUID.randomUUID();
    AtomicInteger runs = new AtomicInteger();
    AtomicInteger running = new AtomicInteger();
    AtomicInteger mostAtOnce = new AtomicInteger();
    AtomicInteger completed = new AtomicInteger();
    AtomicBoolean firstInterrupted = new AtomicBoolean();
    CountDownLatch firstStarted = new CountDownLatch(1);
    // The once-a-second isConnected() poll runs on this clock, which never moves: only the
    // broker's own report of the loss can cancel the task.
    ManualScheduler frozen = new ManualScheduler(Instant.now());
    try (TcpProxy proxy = new TcpProxy("127.0.0.1", 5672)) {
      proxy.stopRecording();
      try (Fennel sender = Fennel.builder().brokerUrl(Services.RABBIT_URL).build();
          Fennel app =
              Fennel.builder()
                  .brokerUrl("amqp://guest:guest@127.0.0.1:" + proxy.port() + "//")
                  .scheduler(frozen)
                  .configure(c ->
                      c.workerConcurrency(1)
                          .workerPrefetchMultiplier(1)
                          .taskAcksLate(true)
                          .workerCancelLongRunningTasksOnConnectionLoss(true))
                  .build()) {
        app.register(
            "fault.long",
            c -> {
              int run = runs.incrementAndGet();
              mostAtOnce.accumulateAndGet(running.incrementAndGet(), Math::max);
              try {
                if (run == 1) {
                  firstStarted.countDown();
                  try {
                    // the task's long work, which a cancel interrupts
                    new CountDownLatch(1).await(30, TimeUnit.SECONDS);
                  } catch (InterruptedException e) {
                    firstInterrupted.set(true);
                    throw e;
                  }
                }
                completed.incrementAndGet();
                return run;
              } finally {
                running.decrementAndGet();
              }
            });
        sender.sendTask(
            "fault.long", List.of(), Map.of(), SendOptions.builder().queue(queue).build());
        Worker worker = app.worker(app.workerOptions("cancel@%h", List.of(queue)));
        worker.start();
        try {
          assertThat(firstStarted.await(WAIT.toSeconds(), TimeUnit.SECONDS)).isTrue();

          proxy.dropConnections();

          await().atMost(Duration.ofSeconds(10)).untilTrue(firstInterrupted);
          await().atMost(WAIT).until(() -> completed.get() == 1);
          await()
              .atMost(WAIT)
              .until(
                  () -> sender.unsafe().broker().queueStats(queue).orElseThrow().messages() == 0);
          assertThat(runs.get()).as("the cancelled run and the redelivered one").isEqualTo(2);
          assertThat(completed.get()).as("completed").isEqualTo(1);
          assertThat(mostAtOnce.get()).as("runs at once").isEqualTo(1);
        } finally {
          worker.shutdown();
          worker.awaitStopped(Duration.ofSeconds(30));
          RabbitQueues.delete(queue);
        }
      }
    }
  }
}
