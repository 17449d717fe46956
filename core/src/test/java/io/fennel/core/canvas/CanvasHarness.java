package io.fennel.core.canvas;

import io.fennel.core.Fennel;
import io.fennel.core.broker.memory.MemoryBroker;
import io.fennel.core.result.ResultBackend;
import io.fennel.core.result.memory.MemoryBackend;
import io.fennel.core.worker.Worker;
import java.time.Duration;
import java.util.List;

/** An app with canvas test tasks, its worker and a client on an in-memory broker and backend. */
final class CanvasHarness implements AutoCloseable {
  final MemoryBroker broker = new MemoryBroker();
  final ResultBackend backend;
  final Fennel app;
  final Worker worker;

  CanvasHarness() {
    this(new MemoryBackend("memory://"));
  }

  CanvasHarness(ResultBackend backend) {
    this.backend = backend;
    app = Fennel.builder().broker(broker).backend(backend).hostname("canvashost").build();
    app.register("demo.add", c -> c.arg(0, int.class) + c.arg(1, int.class));
    app.register("demo.mul", c -> c.arg(0, int.class) * c.arg(1, int.class));
    app.register(
        "demo.tsum",
        c ->
            c.arg(0, int[].class).length == 0
                ? 0
                : java.util.Arrays.stream(c.arg(0, int[].class)).sum());
    app.register(
        "demo.fail",
        c -> {
          throw new IllegalStateException("boom");
        });
    app.register("demo.echo", c -> c.args().get(0));
    worker = app.worker(app.workerOptions("canvas@%h", List.of()));
    worker.start();
  }

  @Override
  public void close() {
    worker.shutdownNow();
    try {
      worker.awaitStopped(Duration.ofSeconds(10));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    app.close();
    broker.close();
  }
}
