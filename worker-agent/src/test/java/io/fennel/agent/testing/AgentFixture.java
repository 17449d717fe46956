package io.fennel.agent.testing;

import io.fennel.agent.AgentOptions;
import io.fennel.agent.WorkerAgent;
import io.fennel.core.Fennel;
import io.fennel.core.broker.Broker;
import io.fennel.core.broker.memory.MemoryBroker;
import io.fennel.core.result.memory.MemoryBackend;
import io.fennel.core.time.ManualScheduler;
import io.fennel.core.time.Scheduler;
import io.fennel.core.worker.Worker;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * One app on a recording in-memory broker with manual time, and the workers (each with an agent)
 * started on it; closes everything at the end.
 */
public final class AgentFixture implements AutoCloseable {
  public static final Instant START = Instant.parse("2026-11-24T06:30:00Z");

  public final ManualScheduler time = new ManualScheduler(START);
  public final FlakyBroker broker;
  public final Fennel app;

  /** Released by tests to let {@code demo.block} tasks finish. */
  public final CountDownLatch release = new CountDownLatch(1);

  private final List<Worker> workers = new ArrayList<>();
  private final List<WorkerAgent> agents = new ArrayList<>();

  public AgentFixture() {
    this(new MemoryBroker(), null);
  }

  /** An app on {@code delegate}; {@code scheduler} null means manual time. */
  public AgentFixture(Broker delegate, Scheduler scheduler) {
    this(delegate, scheduler, java.util.Map.of());
  }

  /** As above, with settings by their Celery names. */
  public AgentFixture(
      Broker delegate, Scheduler scheduler, java.util.Map<String, String> settings) {
    this.broker = new FlakyBroker(delegate);
    Fennel.Builder b = Fennel.builder();
    settings.forEach(b::set);
    this.app =
        b.broker(broker)
            .backend(new MemoryBackend("memory://"))
            .scheduler(scheduler == null ? time : scheduler)
            .hostname("vm")
            .build();
    app.register("demo.add", c -> c.arg(0, Integer.class) + c.arg(1, Integer.class));
    app.register(
        "demo.fail",
        c -> {
          throw new IllegalStateException("boom");
        });
    app.register(
        "demo.block",
        c -> {
          if (!release.await(30, TimeUnit.SECONDS)) {
            throw new IllegalStateException("never released");
          }
          return "released";
        });
  }

  /** A started worker {@code node} consuming {@code celery}, with an agent sending task events. */
  public Worker worker(String node) {
    return worker(node, AgentOptions.builder().taskEvents(true).build());
  }

  public Worker worker(String node, AgentOptions opts) {
    Worker w = app.worker(app.workerOptions(node, List.of("celery")));
    WorkerAgent agent = WorkerAgent.attach(app, w, opts);
    w.start();
    workers.add(w);
    agents.add(agent);
    return w;
  }

  /** The agent of the n-th worker started. */
  public WorkerAgent agent(int n) {
    return agents.get(n);
  }

  @Override
  public void close() {
    release.countDown();
    for (Worker w : workers) {
      w.shutdownNow();
      try {
        w.awaitStopped(Duration.ofSeconds(5));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    agents.forEach(WorkerAgent::close);
    app.close();
  }
}
