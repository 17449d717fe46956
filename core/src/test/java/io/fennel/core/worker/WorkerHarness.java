package io.fennel.core.worker;

import io.fennel.core.Fennel;
import io.fennel.core.broker.memory.MemoryBroker;
import io.fennel.core.result.memory.MemoryBackend;
import io.fennel.core.time.ManualScheduler;
import java.time.Instant;
import java.util.List;
import java.util.function.Consumer;

/** An app, a worker and a client on an in-memory broker with manual time, for worker tests. */
final class WorkerHarness implements AutoCloseable {
  final MemoryBroker broker = new MemoryBroker();
  final MemoryBackend backend = new MemoryBackend("memory://");
  final ManualScheduler time = new ManualScheduler(Instant.parse("2026-11-24T07:00:00Z"));
  final Fennel app;
  Worker worker;

  WorkerHarness(Consumer<Fennel> tasks) {
    this(tasks, b -> {});
  }

  WorkerHarness(
      Consumer<Fennel> tasks, Consumer<io.fennel.core.config.FennelConfigBuilder> config) {
    app =
        Fennel.builder()
            .broker(broker)
            .backend(backend)
            .scheduler(time)
            .hostname("testhost")
            .configure(c -> config.accept(c.workerConcurrency(2).workerPrefetchMultiplier(2)))
            .build();
    tasks.accept(app);
  }

  Worker start(String... queues) {
    worker =
        app.worker(app.workerOptions("w1@%h", queues.length == 0 ? List.of() : List.of(queues)));
    worker.start();
    return worker;
  }

  @Override
  public void close() {
    if (worker != null) {
      worker.shutdownNow();
      try {
        worker.awaitStopped(java.time.Duration.ofSeconds(10));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    app.close();
    broker.close();
  }
}
