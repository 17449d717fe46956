package io.fennel.it.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fennel.core.Fennel;
import io.fennel.core.producer.SendOptions;
import io.fennel.core.worker.Worker;
import io.fennel.it.support.Services;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Fault: 20 tasks with a one-hour countdown in front of 100 normal ones filled a {@code -c 4}
 * worker's prefetch window, and none of the 100 ran (ever: they sat behind the held ones); 16 tasks
 * with an ETA in year 9999 leaked their slots for good (the timer overflowed). Now each held task
 * raises the window by one, on RabbitMQ and on Redis, whatever its ETA.
 */
class EtaPrefetchTest {
  @ParameterizedTest
  @CsvSource({"amqp,hour", "redis,hour", "amqp,year9999", "redis,year9999"})
  void heldTasksInFrontDoNotStallTheTasksBehindThem(String kind, String held) throws Exception {
    String broker;
    if (kind.equals("amqp")) {
      Services.requireRabbit();
      broker = Services.RABBIT_URL;
    } else {
      Services.requireRedis();
      broker = "redis://127.0.0.1:6379/12";
    }
    String queue = "it.faults.eta." + UUID.randomUUID();
    AtomicInteger ran = new AtomicInteger();
    try (Fennel app =
        Fennel.builder()
            .brokerUrl(broker)
            .configure(c -> c.workerConcurrency(4).workerPrefetchMultiplier(4))
            .build()) {
      app.register("fault.now", c -> ran.incrementAndGet());
      SendOptions toQueue = SendOptions.builder().queue(queue).build();
      SendOptions.Builder later = SendOptions.builder().queue(queue);
      SendOptions inAnHour =
          held.equals("hour")
              ? later.countdown(Duration.ofHours(1)).build()
              : later.eta(Instant.parse("9999-12-31T23:59:59Z")).build();
      for (int i = 0; i < 20; i++) {
        app.sendTask("fault.now", List.of(), Map.of(), inAnHour);
      }
      for (int i = 0; i < 100; i++) {
        app.sendTask("fault.now", List.of(), Map.of(), toQueue);
      }
      Worker worker = app.worker(app.workerOptions("eta-" + kind + "@%h", List.of(queue)));
      worker.start();
      try {
        await().atMost(Duration.ofSeconds(90)).until(() -> ran.get() == 100);
        assertThat(worker.control().scheduled()).as("held").hasSize(20);
        assertThat(ran.get()).as("completed of 100 due now").isEqualTo(100);
      } finally {
        worker.shutdownNow();
        worker.awaitStopped(Duration.ofSeconds(30));
        app.unsafe().broker().purge(queue);
      }
    }
  }
}
