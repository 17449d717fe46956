package io.fennel.bench;

import io.fennel.core.Fennel;
import io.fennel.core.producer.SendOptions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/** Fills a queue with no-op task messages through Fennel's producer before a worker figure. */
final class Prefill {
  static final String NOOP = "bench.noop";

  private Prefill() {}

  /**
   * Sends {@code n} no-op tasks (ignore_result) to {@code queue} from eight threads, and returns
   * once the broker has confirmed every one.
   */
  static void noops(Fennel app, String queue, int n) throws InterruptedException {
    SendOptions o = SendOptions.builder().queue(queue).ignoreResult(true).build();
    AtomicInteger left = new AtomicInteger(n);
    List<Thread> threads = new ArrayList<>();
    for (int t = 0; t < 8; t++) {
      threads.add(
          Thread.ofPlatform()
              .name("bench-prefill-" + t)
              .start(() -> {
                List<io.fennel.core.result.AsyncResult> sent = new ArrayList<>();
                while (left.getAndDecrement() > 0) {
                  sent.add(app.task(NOOP).applyAsync(List.of(), Map.of(), o));
                }
                sent.forEach(r -> r.awaitSent(java.time.Duration.ofSeconds(30)));
              }));
    }
    for (Thread t : threads) {
      t.join();
    }
  }
}
