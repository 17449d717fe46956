package io.fennel.core.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.fennel.core.producer.SendOptions;
import io.fennel.core.result.AsyncResult;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * Faults around held (ETA) tasks: held tasks once filled the prefetch window and stalled the
 * worker, and an ETA in year 9999 once overflowed the timer and leaked its prefetch slot; now it is
 * held like any other, with a warning that names it, and the tasks behind it run.
 */
class EtaFaultsTest {
  private static final Duration WAIT = Duration.ofSeconds(10);

  @Test
  void tasksHeldForTheirEtaDoNotFillThePrefetchWindow() throws Exception {
    // Fault: 20 one-hour countdowns in front of 100 normal tasks stalled a worker whose
    // prefetch (concurrency 2 x multiplier 2 = 4) they filled.
    AtomicInteger ran = new AtomicInteger();
    try (var h = new WorkerHarness(app -> app.register("t.one", c -> ran.incrementAndGet()))) {
      Worker w = h.start();
      SendOptions inAnHour = SendOptions.builder().countdown(Duration.ofHours(1)).build();
      for (int i = 0; i < 20; i++) {
        h.app.task("t.one").applyAsync(List.of(), Map.of(), inAnHour);
      }
      List<AsyncResult> now = new ArrayList<>();
      for (int i = 0; i < 100; i++) {
        now.add(h.app.task("t.one").delay());
      }
      for (AsyncResult r : now) {
        assertThat(r.get(WAIT).asInt()).isPositive();
      }
      assertThat(w.control().scheduled()).hasSize(20);
      assertThat(ran).hasValue(100);
      h.time.advance(Duration.ofHours(1));
      await().atMost(WAIT).until(() -> ran.get() == 120);
    }
  }

  @Test
  void anEtaInYear9999IsHeldAndTheTasksBehindItRun() throws Exception {
    Logger logger = (Logger) LoggerFactory.getLogger(EtaTimer.class);
    ListAppender<ILoggingEvent> logs = new ListAppender<>();
    logs.start();
    logger.addAppender(logs);
    try (var h = new WorkerHarness(app -> app.register("t.one", c -> 1))) {
      Worker w = h.start();
      SendOptions far = SendOptions.builder().eta(Instant.parse("9999-12-31T23:59:59Z")).build();
      for (int i = 0; i < 3; i++) {
        h.app.task("t.one").applyAsync(List.of(), Map.of(), far);
      }
      await().atMost(WAIT).until(() -> w.control().scheduled().size() == 3);
      assertThat(h.app.task("t.one").delay().get(WAIT).asInt()).isEqualTo(1);
      assertThat(logs.list)
          .filteredOn(e -> e.getFormattedMessage().contains("9999-12-31T23:59:59Z"))
          .hasSize(3)
          .allSatisfy(e -> assertThat(e.getFormattedMessage()).contains("t.one", "revoke"));
    } finally {
      logger.detachAppender(logs);
    }
  }
}
