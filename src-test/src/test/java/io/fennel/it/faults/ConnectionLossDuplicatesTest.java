package io.fennel.it.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fennel.core.Fennel;
import io.fennel.core.producer.SendOptions;
import io.fennel.core.testing.TcpProxy;
import io.fennel.core.worker.Worker;
import io.fennel.it.support.Services;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * Fault: when the worker's RabbitMQ connection dropped, it went on to run the messages it had
 * prefetched on the dead channel; their acks were lost and RabbitMQ delivered them again, one
 * duplicate per prefetched message. Now deliveries from a dead channel are not started. Counts:
 * sent, completed, lost, duplicated.
 */
class ConnectionLossDuplicatesTest {
  private static final int SENT = 300;

  @Test
  void prefetchedDeliveriesOfALostConnectionAreNotRunTwice() throws Exception {
    Services.requireRabbit();
    String queue = "it.faults.connloss." + UUID.randomUUID();
    Map<Long, AtomicInteger> runs = new ConcurrentHashMap<>();
    try (TcpProxy proxy = new TcpProxy("127.0.0.1", 5672)) {
      proxy.stopRecording();
      String viaProxy = "amqp://guest:guest@127.0.0.1:" + proxy.port() + "//";
      try (Fennel sender = Fennel.builder().brokerUrl(Services.RABBIT_URL).build();
          Fennel app =
              Fennel.builder()
                  .brokerUrl(viaProxy)
                  .configure(c -> c.workerConcurrency(2).workerPrefetchMultiplier(8))
                  .build()) {
        app.register(
            "fault.slow",
            c -> {
              runs.computeIfAbsent(c.arg(0, Long.class), k -> new AtomicInteger())
                  .incrementAndGet();
              Thread.sleep(10); // the task's own work: keeps deliveries prefetched
              return null;
            });
        SendOptions toQueue = SendOptions.builder().queue(queue).build();
        for (long i = 0; i < SENT; i++) {
          sender.sendTask("fault.slow", List.of(i), Map.of(), toQueue);
        }
        Worker worker = app.worker(app.workerOptions("connloss@%h", List.of(queue)));
        worker.start();
        try {
          await().atMost(Duration.ofSeconds(60)).until(() -> runs.size() >= 50);
          proxy.dropConnections();
          await()
              .atMost(Duration.ofMinutes(2))
              .pollInterval(Duration.ofMillis(200))
              .until(() -> runs.size() == SENT);
          await()
              .atMost(Duration.ofSeconds(30))
              .until(() -> sender.unsafe().broker().purge(queue) == 0);
          long duplicated = runs.values().stream().filter(n -> n.get() > 1).count();
          assertThat(SENT - runs.size()).as("lost").isZero();
          // At most the tasks already running when the connection dropped (concurrency 2) may
          // run again, as their acks may have been on the wire; never the 16 prefetched ones.
          assertThat(duplicated).as("duplicated").isLessThanOrEqualTo(2);
        } finally {
          worker.shutdown();
          worker.awaitStopped(Duration.ofSeconds(30));
          sender.unsafe().broker().purge(queue);
        }
      }
    }
  }
}
