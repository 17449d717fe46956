package io.fennel.core.config;

import io.fennel.core.url.Urls;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Fennel's settings, typed and immutable, under Celery's names. Build one with {@link #builder()},
 * or read it from properties and the environment with {@link SettingsReader}.
 *
 * @param brokerUrl {@code broker_url}: amqp://, redis:// or memory://
 * @param resultBackend {@code result_backend}: redis://, rpc://, memory://, or null for none
 * @param resultExpires {@code result_expires}: how long stored results live
 * @param taskAcksLate {@code task_acks_late}: acknowledge after the task ends, not before
 * @param taskTrackStarted {@code task_track_started}: store STARTED while a task runs
 * @param taskIgnoreResult {@code task_ignore_result}: store no results by default
 * @param taskDefaultQueue {@code task_default_queue}
 * @param taskDefaultRateLimit {@code task_default_rate_limit}: e.g. "10/s", or null
 * @param taskSerializer {@code task_serializer}: json (default), msgpack, yaml or auth
 * @param workerConcurrency {@code worker_concurrency}
 * @param workerPrefetchMultiplier {@code worker_prefetch_multiplier}
 * @param workerSendTaskEvents {@code worker_send_task_events}
 * @param taskSendSentEvent {@code task_send_sent_event}
 * @param taskQueueMaxPriority {@code task_queue_max_priority}: x-max-priority of declared task
 *     queues, or null
 * @param taskTimeLimit {@code task_time_limit}: hard limit in seconds, or null
 * @param taskSoftTimeLimit {@code task_soft_time_limit}: soft limit in seconds, or null
 * @param workerMaxTasksPerChild {@code worker_max_tasks_per_child}: a pool thread is replaced after
 *     this many tasks, or null
 * @param workerMaxMemoryPerChild {@code worker_max_memory_per_child}: KiB of heap in use after a GC
 *     above which the worker recycles its pool, or null
 * @param taskRejectOnWorkerLost {@code task_reject_on_worker_lost}: with late acks, a task whose
 *     process-pool child died goes back to its queue instead of failing with WorkerLostError
 * @param taskAcksOnFailureOrTimeout {@code task_acks_on_failure_or_timeout} (default true): with
 *     late acks, false rejects (without requeue) a task that failed or timed out
 * @param workerCancelLongRunningTasksOnConnectionLoss {@code
 *     worker_cancel_long_running_tasks_on_connection_loss}: with late acks, tasks running when the
 *     broker connection is lost are cancelled (their messages will be delivered again)
 * @param taskRoutes {@code task_routes}: where tasks go by name or glob, first match wins
 * @param taskQueues {@code task_queues}: queues declared at start and consumed by workers that are
 *     given no {@code -Q}
 * @param extra settings Fennel does not know, kept for {@code inspect conf}
 */
public record FennelConfig(
    String brokerUrl,
    String resultBackend,
    Duration resultExpires,
    boolean taskAcksLate,
    boolean taskTrackStarted,
    boolean taskIgnoreResult,
    String taskDefaultQueue,
    String taskDefaultRateLimit,
    String taskSerializer,
    int workerConcurrency,
    int workerPrefetchMultiplier,
    boolean workerSendTaskEvents,
    boolean taskSendSentEvent,
    Integer taskQueueMaxPriority,
    Double taskTimeLimit,
    Double taskSoftTimeLimit,
    Integer workerMaxTasksPerChild,
    Integer workerMaxMemoryPerChild,
    boolean taskRejectOnWorkerLost,
    boolean taskAcksOnFailureOrTimeout,
    boolean workerCancelLongRunningTasksOnConnectionLoss,
    List<TaskRoute> taskRoutes,
    List<String> taskQueues,
    Map<String, String> extra) {

  public FennelConfig {
    extra = Map.copyOf(extra);
    taskRoutes = List.copyOf(taskRoutes);
    taskQueues = List.copyOf(taskQueues);
  }

  /** A builder with Celery's defaults. */
  public static FennelConfigBuilder builder() {
    return new FennelConfigBuilder();
  }

  /** A builder starting from these settings. */
  public FennelConfigBuilder toBuilder() {
    return new FennelConfigBuilder(this);
  }

  /** The result backend URL, when one is configured. */
  public Optional<String> resultBackendUrl() {
    return Optional.ofNullable(resultBackend);
  }

  /** The route of a task by name, if {@code task_routes} has one. */
  public Optional<TaskRoute> routeFor(String taskName) {
    return taskRoutes.stream().filter(r -> r.matches(taskName)).findFirst();
  }

  /** Prefetch = concurrency x multiplier, as Celery computes it. */
  public int prefetchCount() {
    return workerConcurrency * workerPrefetchMultiplier;
  }

  /** Every setting under its Celery name, for {@code inspect conf} and the docs. */
  public Map<String, Object> asCeleryNames() {
    var m = new java.util.LinkedHashMap<String, Object>();
    m.put("broker_url", Urls.maskPassword(brokerUrl));
    m.put("result_backend", resultBackend == null ? null : Urls.maskPassword(resultBackend));
    m.put("result_expires", resultExpires.toSeconds());
    m.put("task_acks_late", taskAcksLate);
    m.put("task_track_started", taskTrackStarted);
    m.put("task_ignore_result", taskIgnoreResult);
    m.put("task_default_queue", taskDefaultQueue);
    m.put("task_default_rate_limit", taskDefaultRateLimit);
    m.put("task_serializer", taskSerializer);
    m.put("worker_concurrency", workerConcurrency);
    m.put("worker_prefetch_multiplier", workerPrefetchMultiplier);
    m.put("worker_send_task_events", workerSendTaskEvents);
    m.put("task_send_sent_event", taskSendSentEvent);
    m.put("task_queue_max_priority", taskQueueMaxPriority);
    m.put("task_time_limit", taskTimeLimit);
    m.put("task_soft_time_limit", taskSoftTimeLimit);
    m.put("worker_max_tasks_per_child", workerMaxTasksPerChild);
    m.put("worker_max_memory_per_child", workerMaxMemoryPerChild);
    m.put("task_reject_on_worker_lost", taskRejectOnWorkerLost);
    m.put("task_acks_on_failure_or_timeout", taskAcksOnFailureOrTimeout);
    m.put(
        "worker_cancel_long_running_tasks_on_connection_loss",
        workerCancelLongRunningTasksOnConnectionLoss);
    m.put(
        "task_routes",
        taskRoutes.stream()
            .map(r ->
                r.pattern()
                    + ":"
                    + r.queue()
                    + (r.exchange() == null ? "" : ":" + r.exchange())
                    + (r.routingKey() == null ? "" : ":" + r.routingKey()))
            .toList());
    m.put("task_queues", taskQueues);
    m.putAll(extra);
    return m;
  }

  /** The names of every setting Fennel understands, in documentation order. */
  public static final List<String> KNOWN_SETTINGS =
      SettingNames.join(
          SettingNames.EXTRA,
          "broker_url",
          "result_backend",
          "result_expires",
          "task_acks_late",
          "task_track_started",
          "task_ignore_result",
          "task_default_queue",
          "task_default_rate_limit",
          "task_serializer",
          "worker_concurrency",
          "worker_prefetch_multiplier",
          "worker_send_task_events",
          "task_send_sent_event",
          "task_queue_max_priority",
          "task_time_limit",
          "task_soft_time_limit",
          "worker_max_tasks_per_child",
          "worker_max_memory_per_child",
          "task_reject_on_worker_lost",
          "task_acks_on_failure_or_timeout",
          "worker_cancel_long_running_tasks_on_connection_loss",
          "task_routes",
          "task_queues");
}
