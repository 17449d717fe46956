package io.fennel.monitor.metrics;

import io.fennel.core.runtime.FailureHandler;
import io.fennel.monitor.ingest.EventReceiver;
import io.fennel.monitor.queues.QueueSample;
import io.fennel.monitor.state.ClusterState;
import io.fennel.monitor.state.StateListener;
import io.fennel.monitor.state.TaskView;
import io.fennel.monitor.state.WorkerView;
import io.fennel.protocol.event.TaskEvent;
import io.fennel.protocol.event.TaskStarted;
import io.fennel.protocol.event.TaskSucceeded;
import io.fennel.protocol.event.WorkerEvent;
import io.fennel.protocol.state.TaskState;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Tags;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The console's Prometheus metrics, kept under Flower's names so existing dashboards and alerts
 * work ({@code flower_events_total}, {@code flower_task_runtime_seconds}, {@code
 * flower_worker_online}, ...), plus Fennel's own ({@code fennel_queue_depth}, {@code fennel_tasks},
 * {@code fennel_monitor_events_ingested_total}, {@code fennel_monitor_event_lag_seconds}). Fed as a
 * {@link StateListener}; per event it does a map lookup and an increment.
 */
public final class MonitorMetrics implements StateListener {
  private static final double[] RUNTIME_BUCKETS = {
    0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300
  };

  private final PrometheusMeterRegistry registry =
      new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  private final Map<String, Counter> eventCounters = new ConcurrentHashMap<>();
  private final Map<String, DistributionSummary> runtimes = new ConcurrentHashMap<>();
  private final Map<String, AtomicLong> prefetchMicros = new ConcurrentHashMap<>();
  private final Map<String, WorkerView> workers = new ConcurrentHashMap<>();
  private final Map<String, List<Meter>> workerMeters = new ConcurrentHashMap<>();
  private final Map<String, AtomicLong> queueDepths = new ConcurrentHashMap<>();

  /** Metrics over {@code state} and {@code receiver}; subscribe it to the state yourself. */
  public MonitorMetrics(ClusterState state, EventReceiver receiver) {
    for (TaskState s : TaskState.values()) {
      Gauge.builder("fennel.tasks", state, st -> st.stateCounts().get(s))
          .description("Tasks the console keeps, by state")
          .tags("state", s.name())
          .register(registry);
    }
    if (receiver != null) {
      FunctionCounter.builder(
              "fennel.monitor.events.ingested", receiver, EventReceiver::ingestedCount)
          .description("Events the console received")
          .register(registry);
      Gauge.builder("fennel.monitor.event.lag", receiver, EventReceiver::lastLagSeconds)
          .description("Seconds between the last event's timestamp and its arrival")
          .baseUnit("seconds")
          .register(registry);
    }
  }

  @Override
  public void onTaskEvent(TaskEvent event, TaskView task) {
    String name = task.name() == null ? "" : task.name();
    eventCounters
        .computeIfAbsent(
            name + '\0' + event.type(),
            k ->
                Counter.builder("flower.events")
                    .description("Task events, by task name and event type")
                    .tags("task", name, "type", event.type())
                    .register(registry))
        .increment();
    if (event instanceof TaskSucceeded s && s.runtime() != null) {
      runtimes
          .computeIfAbsent(
              name,
              k ->
                  DistributionSummary.builder("flower.task.runtime")
                      .description("Task runtime")
                      .baseUnit("seconds")
                      .tags("task", name)
                      .serviceLevelObjectives(RUNTIME_BUCKETS)
                      .register(registry))
          .record(s.runtime());
    }
    if (event instanceof TaskStarted && task.received() != null && task.worker() != null) {
      String worker = task.worker();
      prefetchMicros
          .computeIfAbsent(
              name + '\0' + worker,
              k -> {
                AtomicLong v = new AtomicLong();
                Gauge.builder("flower.task.prefetch.time", v, x -> x.get() / 1e6)
                    .description("Seconds the last task waited between received and started")
                    .baseUnit("seconds")
                    .tags("task", name, "worker", worker)
                    .register(registry);
                return v;
              })
          .set(Math.round(Math.max(0, task.started() - task.received()) * 1e6));
    }
  }

  @Override
  public void onWorkerEvent(WorkerEvent event, WorkerView worker) {
    track(worker);
  }

  @Override
  public void onWorkerStatus(WorkerView worker) {
    track(worker);
  }

  @Override
  public void onWorkerPurged(String hostname) {
    workers.remove(hostname);
    List<Meter> meters = workerMeters.remove(hostname);
    if (meters != null) {
      meters.forEach(registry::remove);
    }
  }

  private void track(WorkerView w) {
    String name = w.hostname();
    workers.put(name, w);
    workerMeters.computeIfAbsent(
        name,
        k -> {
          Tags tags = Tags.of("worker", name);
          return List.of(
              Gauge.builder("flower.worker.online", workers, m -> online(m, name))
                  .description("Whether the worker is online (1) or not (0)")
                  .tags(tags)
                  .register(registry),
              Gauge.builder(
                      "flower.worker.number.of.currently.executing.tasks",
                      workers,
                      m -> m.containsKey(name) ? m.get(name).active() : 0)
                  .description("Tasks the worker is executing")
                  .tags(tags)
                  .register(registry),
              Gauge.builder(
                      "flower.worker.prefetched.tasks",
                      workers,
                      m -> m.containsKey(name) ? m.get(name).prefetched() : 0)
                  .description("Tasks the worker received and has not started")
                  .tags(tags)
                  .register(registry));
        });
  }

  private static double online(Map<String, WorkerView> m, String name) {
    WorkerView v = m.get(name);
    return v != null && v.online() ? 1 : 0;
  }

  /** Kinds of console failure counted in {@code fennel_monitor_failures_total}. */
  public static final List<String> FAILURE_KINDS =
      List.of(
          "monitor.listener",
          "monitor.event.malformed",
          "monitor.event.rejected",
          "monitor.history.write",
          "monitor.close");

  /** Counts {@code failures} by kind in {@code fennel_monitor_failures_total{kind}}. */
  public void countFailures(FailureHandler failures) {
    for (String kind : FAILURE_KINDS) {
      FunctionCounter.builder(
              "fennel.monitor.failures", failures, f -> f.counts().getOrDefault(kind, 0L))
          .description("Failures the console handled and carried on from, by kind")
          .tags("kind", kind)
          .register(registry);
    }
  }

  /** Records a queue depth sample. */
  public void onQueueSample(QueueSample s) {
    if (s.messages() < 0) {
      return;
    }
    queueDepths
        .computeIfAbsent(
            s.queue(),
            q -> {
              AtomicLong v = new AtomicLong();
              Gauge.builder("fennel.queue.depth", v, AtomicLong::get)
                  .description("Ready messages in a queue")
                  .tags("queue", q)
                  .register(registry);
              return v;
            })
        .set(s.messages());
  }

  /** The registry, to add more meters. */
  public PrometheusMeterRegistry registry() {
    return registry;
  }

  /** Everything in Prometheus' text format. */
  public String scrape() {
    return registry.scrape();
  }
}
