package io.fennel.it.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fennel.core.Fennel;
import io.fennel.core.producer.SendOptions;
import io.fennel.core.worker.Worker;
import io.fennel.it.support.Services;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Fault: 20 tasks with a one-hour countdown in front of 100 normal ones filled a {@code -c 4}
 * worker's prefetch window, and none of the 100 ran (ever: they sat behind the held ones). Now each
 * held task raises the window by one, on RabbitMQ and on Redis.
 */
class EtaPrefetchTest {
  @ParameterizedTest
  @ValueSource(strings = {"amqp", "redis"})
  void countdownTasksInFrontDoNotStallTheTasksBehindThem(String kind) throws Exception {
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
      SendOptions inAnHour =
          SendOptions.builder().queue(queue).countdown(Duration.ofHours(1)).build();
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
        assertThat(worker.control().scheduled()).hasSize(20);
      } finally {
        worker.shutdownNow();
        worker.awaitStopped(Duration.ofSeconds(30));
        app.unsafe().broker().purge(queue);
      }
    }
  }
}
