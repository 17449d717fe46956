package io.fennel.core.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class MemoryWatchTest {
  private static final Duration WAIT = Duration.ofSeconds(10);

  @Test
  void heapStayingAboveTheLimitRecyclesThePoolAndTheWorkerCarriesOn() throws Exception {
    AtomicLong heap = new AtomicLong(10_000);
    try (var h = new WorkerHarness(app -> app.register("t.echo", c -> c.arg(0, String.class)))) {
      Worker w = h.start();
      w.watchMemory(50_000, heap::get);
      assertThat(h.app.task("t.echo").delay("before").get(WAIT).asText()).isEqualTo("before");

      heap.set(80_000);
      h.time.advance(MemoryWatch.PERIOD);
      assertThat(w.control().memoryRecycles())
          .as("one reading above the limit is not enough")
          .isZero();
      h.time.advance(MemoryWatch.PERIOD);
      assertThat(w.control().memoryRecycles()).isEqualTo(1);

      heap.set(10_000);
      await().atMost(WAIT).until(() -> w.control().queues().contains("celery"));
      assertThat(h.app.task("t.echo").delay("after").get(WAIT).asText()).isEqualTo("after");
      h.time.advance(MemoryWatch.PERIOD.multipliedBy(4));
      assertThat(w.control().memoryRecycles()).isEqualTo(1);
    }
  }
}
