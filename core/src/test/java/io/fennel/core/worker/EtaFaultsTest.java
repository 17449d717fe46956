package io.fennel.core.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fennel.core.producer.SendOptions;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Faults around held (ETA) tasks: an ETA in year 9999 once overflowed the timer and leaked its
 * prefetch slot; now it is held like any other and the tasks behind it run.
 */
class EtaFaultsTest {
  private static final Duration WAIT = Duration.ofSeconds(10);

  @Test
  void anEtaInYear9999IsHeldAndTheTasksBehindItRun() throws Exception {
    try (var h = new WorkerHarness(app -> app.register("t.one", c -> 1))) {
      Worker w = h.start();
      SendOptions far = SendOptions.builder().eta(Instant.parse("9999-12-31T23:59:59Z")).build();
      for (int i = 0; i < 3; i++) {
        h.app.task("t.one").applyAsync(List.of(), Map.of(), far);
      }
      await().atMost(WAIT).until(() -> w.control().scheduled().size() == 3);
      assertThat(h.app.task("t.one").delay().get(WAIT).asInt()).isEqualTo(1);
    }
  }
}
