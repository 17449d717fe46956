package io.fennel.spring;

import io.fennel.core.Fennel;
import io.fennel.core.worker.TaskOutcome;
import io.fennel.core.worker.TaskRequest;
import io.fennel.core.worker.Worker;
import io.fennel.core.worker.WorkerListener;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The worker's and the producer's figures in the application's Micrometer registry: {@code
 * fennel.tasks.sent} (task, queue), {@code fennel.worker.tasks} (worker, task, outcome), {@code
 * fennel.worker.task.runtime} (worker, task, outcome), and for the worker the gauge {@code
 * fennel.worker.active} and the counter {@code fennel.worker.processed}. Task names become tags
 * only up to {@link #MAX_TASK_NAMES}; later ones are counted under {@code other}, so names from the
 * wire cannot grow the registry without bound. Nothing here throws into the worker or the sender.
 */
final class FennelMetrics implements WorkerListener {
  static final int MAX_TASK_NAMES = 500;

  private final MeterRegistry registry;
  private final Set<String> taskNames = ConcurrentHashMap.newKeySet();
  private volatile String workerName = "";

  FennelMetrics(MeterRegistry registry, Fennel fennel) {
    this.registry = registry;
    FennelInternals.onEveryTaskSent(fennel, this::sent);
  }

  /** The task name as a tag: itself, or {@code other} once the names seen reach the bound. */
  private String task(String name) {
    if (taskNames.contains(name)) {
      return name;
    }
    if (taskNames.size() < MAX_TASK_NAMES) {
      taskNames.add(name);
      return name;
    }
    return "other";
  }

  private void sent(String taskName, String queue) {
    Counter.builder("fennel.tasks.sent")
        .description("Task messages this application sent")
        .tag("task", task(taskName))
        .tag("queue", queue == null ? "" : queue)
        .register(registry)
        .increment();
  }

  @Override
  public void workerReady(Worker worker) {
    workerName = worker.hostname();
    Gauge.builder("fennel.worker.active", worker, w -> w.control().active().size())
        .description("Tasks the worker is running now")
        .tag("worker", worker.hostname())
        .strongReference(true)
        .register(registry);
    FunctionCounter.builder("fennel.worker.processed", worker, w -> w.control().processed())
        .description("Tasks the worker has finished")
        .tag("worker", worker.hostname())
        .register(registry);
  }

  private void outcome(TaskRequest r, String outcome) {
    Counter.builder("fennel.worker.tasks")
        .description("Tasks the worker finished, retried, rejected or revoked, by outcome")
        .tag("worker", workerName)
        .tag("task", task(r.name()))
        .tag("outcome", outcome)
        .register(registry)
        .increment();
  }

  private void runtime(TaskRequest r, String outcome, double seconds) {
    Timer.builder("fennel.worker.task.runtime")
        .description("How long tasks ran")
        .tag("worker", workerName)
        .tag("task", task(r.name()))
        .tag("outcome", outcome)
        .register(registry)
        .record(Duration.ofNanos((long) (seconds * 1e9)));
  }

  @Override
  public void taskOutcome(TaskRequest request, TaskOutcome outcome) {
    switch (outcome) {
      case TaskOutcome.Started started -> {}
      case TaskOutcome.Succeeded s -> {
        outcome(request, "success");
        runtime(request, "success", s.runtimeSeconds());
      }
      case TaskOutcome.Failed f -> {
        outcome(request, "failure");
        runtime(request, "failure", f.runtimeSeconds());
      }
      case TaskOutcome.Retried retried -> outcome(request, "retry");
      case TaskOutcome.Rejected rejected -> outcome(request, "rejected");
      case TaskOutcome.Revoked v ->
          outcome(
              request, v.reason() == TaskOutcome.Revoked.Reason.EXPIRED ? "expired" : "revoked");
    }
  }
}
