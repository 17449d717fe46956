package io.fennel.it.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fennel.core.Fennel;
import io.fennel.core.producer.SendOptions;
import io.fennel.core.testing.TcpProxy;
import io.fennel.core.worker.Worker;
import io.fennel.it.support.Services;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Fault: 12 s of Redis (the result backend) away dropped thousands of outcomes while their tasks
 * were acked. Now 2,000 tasks on RabbitMQ run through a 5 s backend outage (a proxy in front of
 * Redis refuses connections; Redis keeps its data) and every result arrives, with early acks and
 * with acks_late. Counts: sent, stored, lost, run more than once.
 */
class ResultBackendOutageTest {
  private static final int SENT = 2_000;

  @ParameterizedTest
  @ValueSource(booleans = {false, true})
  void noResultIsLostWhileTheBackendIsAway(boolean acksLate) throws Exception {
    Services.requireRabbit();
    Services.requireRedis();
    String queue = "it.faults.backend." + UUID.randomUUID();
    Map<Long, AtomicInteger> runs = new ConcurrentHashMap<>();
    try (TcpProxy proxy = new TcpProxy("127.0.0.1", 6379)) {
      proxy.stopRecording();
      String backend = "redis://127.0.0.1:" + proxy.port() + "/11";
      try (Fennel app =
          Fennel.builder()
              .brokerUrl(Services.RABBIT_URL)
              .resultBackend(backend)
              .configure(c -> c.workerConcurrency(4).taskAcksLate(acksLate))
              .build()) {
        app.register(
            "fault.one",
            c ->
                runs.computeIfAbsent(c.arg(0, Long.class), k -> new AtomicInteger())
                    .incrementAndGet());
        SendOptions toQueue = SendOptions.builder().queue(queue).build();
        List<String> ids = new ArrayList<>();
        for (long i = 0; i < SENT; i++) {
          ids.add(app.sendTask("fault.one", List.of(i), Map.of(), toQueue).id());
        }
        Worker worker = app.worker(app.workerOptions("outage@%h", List.of(queue)));
        worker.start();
        try {
          await().atMost(Duration.ofSeconds(60)).until(() -> runs.size() >= SENT / 4);
          proxy.down(true);
          int ranWhenDown = runs.size();
          // The worker keeps trying and stops taking new work while the backend is away.
          await()
              .during(Duration.ofSeconds(5))
              .atMost(Duration.ofSeconds(10))
              .until(() -> runs.size() <= ranWhenDown + 8);
          proxy.down(false);
          await()
              .atMost(Duration.ofMinutes(2))
              .pollInterval(Duration.ofMillis(500))
              .until(() -> stored(app, ids) == SENT);
          long lost = SENT - stored(app, ids);
          long duplicated = runs.values().stream().filter(n -> n.get() > 1).count();
          assertThat(lost).as("lost").isZero();
          if (!acksLate) {
            assertThat(duplicated).as("run more than once").isZero();
          }
        } finally {
          worker.shutdown();
          worker.awaitStopped(Duration.ofSeconds(30));
          app.unsafe().broker().purge(queue);
        }
      }
    }
  }

  private static long stored(Fennel app, List<String> ids) {
    return ids.stream().filter(id -> "SUCCESS".equals(app.asyncResult(id).status())).count();
  }
}
