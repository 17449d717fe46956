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
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The console's Prometheus metrics, kept under Flower's names and labels so existing dashboards and
 * alerts work ({@code flower_events_total{task,type,worker}}, {@code
 * flower_task_runtime_seconds{task,worker}}, {@code flower_worker_online}, {@code
 * flower_worker_prefetched_tasks{task,worker}}, ...), plus Fennel's own ({@code
 * fennel_queue_depth}, {@code fennel_tasks}, {@code fennel_task_stats_*}, {@code
 * fennel_monitor_*}). Fed as a {@link StateListener}; per event it does a map lookup and an
 * increment. Bounded: task labels are the state's counted names (at most {@code --max-task-names}
 * plus {@code other}); at most {@value #MAX_TASK_WORKER_PAIRS} (task, worker) pairs get meters
 * labelled with their worker, later pairs are counted under worker {@code other}; a name's meters
 * go when it is dropped and a worker's when it is purged.
 */
public final class MonitorMetrics implements StateListener {
  private static final double[] RUNTIME_BUCKETS = {
    0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300
  };
  private static final String[] QUANTILES = {"p50", "p95", "p99"};

  /**
   * How many (task, worker) label pairs get meters of their own. Each costs about 25 series (four
   * event counters, a runtime histogram, a prefetch gauge), so this caps those metrics near 25,000
   * series whatever the number of names times workers.
   */
  public static final int MAX_TASK_WORKER_PAIRS = 1_000;

  /** The worker label of pairs beyond {@link #MAX_TASK_WORKER_PAIRS}. */
  public static final String OTHER_WORKER = "other";

  private final EventReceiver receiver;

  private final PrometheusMeterRegistry registry =
      new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  private final TaskTypeStats stats = new TaskTypeStats();
  private final Map<MeterKey, Meter> taskMeters = new ConcurrentHashMap<>();
  private final Map<MeterKey, AtomicLong> prefetchMicros = new ConcurrentHashMap<>();
  private final Map<String, WorkerView> workers = new ConcurrentHashMap<>();
  private final Map<String, List<Meter>> workerMeters = new ConcurrentHashMap<>();
  private final Map<MeterKey, Meter> prefetchedGauges = new ConcurrentHashMap<>();
  private final Map<String, List<Meter>> statsMeters = new ConcurrentHashMap<>();
  private final Map<String, AtomicLong> queueDepths = new ConcurrentHashMap<>();
  private final Map<MeterKey, Boolean> pairs = new ConcurrentHashMap<>();

  /** Metrics over {@code state} and {@code receiver}; subscribe it to the state yourself. */
  public MonitorMetrics(ClusterState state, EventReceiver receiver) {
    this.receiver = receiver;
    for (TaskState s : TaskState.values()) {
      Gauge.builder("fennel.tasks", state, st -> st.stateCounts().get(s))
          .description("Tasks the console keeps, by state")
          .tags("state", s.name())
          .register(registry);
    }
    FunctionCounter.builder("fennel.monitor.events.rejected", state, ClusterState::rejectedTotal)
        .description("Events refused for out-of-range values or past a bound")
        .register(registry);
    if (receiver != null) {
      FunctionCounter.builder(
              "fennel.monitor.events.ingested", receiver, EventReceiver::ingestedCount)
          .description("Events the console received")
          .register(registry);
      FunctionCounter.builder(
              "fennel.monitor.events.malformed", receiver, EventReceiver::malformedCount)
          .description("Event messages or batch members that could not be decoded")
          .register(registry);
      Gauge.builder("fennel.monitor.event.lag", receiver, EventReceiver::lastLagSeconds)
          .description("Seconds between the last event's timestamp and its arrival")
          .baseUnit("seconds")
          .register(registry);
    }
  }

  /** Where the counted events come from (null when fed by hand): cheaper to read than a scrape. */
  public EventReceiver receiver() {
    return receiver;
  }

  /** Per task type figures (count, failure rate, runtime and wait percentiles). */
  public TaskTypeStats stats() {
    return stats;
  }

  /**
   * Per event: one lookup per meter, and no lambda made unless a meter is new (under the console's
   * C1-only JIT each capturing lambda is an allocation through a method handle).
   */
  @Override
  public void onTaskEvent(TaskEvent event, TaskView task) {
    String name = task.countedAs();
    String host = event.hostname();
    // One lookup in the usual case: a pair with meters of its own has this counter under its own
    // worker (a pair's meters go together with it); otherwise the pair's label decides.
    Meter events = taskMeters.get(new MeterKey("events", name, host, event.type()));
    String worker = events != null ? host : workerLabel(name, host);
    if (events == null) {
      MeterKey eventsKey = new MeterKey("events", name, worker, event.type());
      events = taskMeters.get(eventsKey);
      if (events == null) {
        events =
            taskMeters.computeIfAbsent(
                eventsKey,
                k ->
                    Counter.builder("flower.events")
                        .description("Task events, by task name, event type and worker")
                        .tags("task", name, "type", event.type(), "worker", worker)
                        .register(registry));
      }
    }
    ((Counter) events).increment();
    if (event instanceof TaskSucceeded s && s.runtime() != null) {
      MeterKey runtimeKey = new MeterKey("runtime", name, worker, null);
      Meter runtime = taskMeters.get(runtimeKey);
      if (runtime == null) {
        runtime =
            taskMeters.computeIfAbsent(
                runtimeKey,
                k ->
                    DistributionSummary.builder("flower.task.runtime")
                        .description("Task runtime, by task name and worker")
                        .baseUnit("seconds")
                        .tags("task", name, "worker", worker)
                        .serviceLevelObjectives(RUNTIME_BUCKETS)
                        .register(registry));
      }
      ((DistributionSummary) runtime).record(s.runtime());
    }
    if (event instanceof TaskStarted && task.received() != null && task.worker() != null) {
      String w = workerLabel(name, task.worker());
      MeterKey prefetchKey = new MeterKey("prefetch", name, w, null);
      AtomicLong prefetch = prefetchMicros.get(prefetchKey);
      if (prefetch == null) {
        prefetch =
            prefetchMicros.computeIfAbsent(
                prefetchKey,
                k -> {
                  AtomicLong v = new AtomicLong();
                  taskMeters.put(
                      k,
                      Gauge.builder("flower.task.prefetch.time", v, x -> x.get() / 1e6)
                          .description("Seconds the last task waited between received and started")
                          .baseUnit("seconds")
                          .tags("task", name, "worker", w)
                          .register(registry));
                  return v;
                });
      }
      prefetch.set(Math.round(Math.max(0, task.started() - task.received()) * 1e6));
    }
    stats.onTaskEvent(event, task);
    if (!statsMeters.containsKey(name)) {
      statsMeters.computeIfAbsent(name, this::statsGauges);
    }
  }

  private List<Meter> statsGauges(String name) {
    List<Meter> out = new ArrayList<>();
    out.add(
        Gauge.builder("fennel.task.stats.finished", stats, st -> count(st, name, false))
            .description("Tasks of this type that finished (succeeded or failed)")
            .tags("task", name)
            .register(registry));
    out.add(
        Gauge.builder("fennel.task.stats.failure.ratio", stats, st -> count(st, name, true))
            .description("Share of finished tasks of this type that failed")
            .tags("task", name)
            .register(registry));
    for (int i = 0; i < QUANTILES.length; i++) {
      int q = i;
      out.add(
          Gauge.builder(
                  "fennel.task.stats.runtime." + QUANTILES[i], stats, st -> pick(st, name, q, true))
              .description("Runtime percentile over the latest tasks of this type")
              .baseUnit("seconds")
              .tags("task", name)
              .register(registry));
      out.add(
          Gauge.builder(
                  "fennel.task.stats.wait." + QUANTILES[i], stats, st -> pick(st, name, q, false))
              .description("Received-to-started wait percentile over the latest tasks of this type")
              .baseUnit("seconds")
              .tags("task", name)
              .register(registry));
    }
    return out;
  }

  private static double count(TaskTypeStats st, String name, boolean rate) {
    TaskTypeStats.Row r = st.row(name);
    return r == null ? 0 : rate ? r.failureRate() : r.count();
  }

  private static double pick(TaskTypeStats st, String name, int q, boolean runtime) {
    TaskTypeStats.Row r = st.row(name);
    return r == null ? Double.NaN : runtime ? r.runtime()[q] : r.queueWait()[q];
  }

  /** {@code worker}, or {@link #OTHER_WORKER} once the pairs are all taken. */
  private String workerLabel(String name, String worker) {
    MeterKey pair = new MeterKey("pair", name, worker, null);
    if (pairs.containsKey(pair)) {
      return worker;
    }
    if (pairs.size() < MAX_TASK_WORKER_PAIRS) {
      pairs.put(pair, Boolean.TRUE);
      return worker;
    }
    return OTHER_WORKER;
  }

  /** How many (task, worker) pairs have meters of their own. */
  public int taskWorkerPairs() {
    return pairs.size();
  }

  @Override
  public void onTaskNameDropped(String name) {
    stats.onTaskNameDropped(name);
    pairs.keySet().removeIf(k -> name.equals(k.task()));
    removeWhere(taskMeters, k -> name.equals(k.task()));
    prefetchMicros.keySet().removeIf(k -> name.equals(k.task()));
    removeWhere(prefetchedGauges, k -> name.equals(k.task()));
    List<Meter> s = statsMeters.remove(name);
    if (s != null) {
      s.forEach(registry::remove);
    }
  }

  private void removeWhere(Map<MeterKey, Meter> meters, java.util.function.Predicate<MeterKey> p) {
    var it = meters.entrySet().iterator();
    while (it.hasNext()) {
      var e = it.next();
      if (p.test(e.getKey())) {
        registry.remove(e.getValue());
        it.remove();
      }
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
    pairs.keySet().removeIf(k -> hostname.equals(k.worker()));
    removeWhere(taskMeters, k -> hostname.equals(k.worker()));
    prefetchMicros.keySet().removeIf(k -> hostname.equals(k.worker()));
    removeWhere(prefetchedGauges, k -> hostname.equals(k.worker()));
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
                  .register(registry));
        });
    for (String task : w.prefetchedByTask().keySet()) {
      if (!pairs.containsKey(new MeterKey("pair", task, name, null))) {
        continue; // its pair has no meters of its own (beyond the cap) or no task event yet
      }
      prefetchedGauges.computeIfAbsent(
          new MeterKey("prefetched", task, name, null),
          k ->
              Gauge.builder("flower.worker.prefetched.tasks", workers, m -> prefetched(m, k))
                  .description("Tasks the worker received and has not started, by task name")
                  .tags("task", task, "worker", name)
                  .register(registry));
    }
  }

  private static double prefetched(Map<String, WorkerView> m, MeterKey k) {
    WorkerView v = m.get(k.worker());
    return v == null ? 0 : v.prefetchedByTask().getOrDefault(k.task(), 0);
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
