package io.fennel.core.config;

import io.fennel.core.error.ConfigException;
import io.fennel.core.ratelimit.RateLimit;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Builds a {@link FennelConfig} with Celery's defaults and fails fast: every setter checks its
 * value and a bad one throws a {@link ConfigException} naming the setting, the value and the fix.
 */
public final class FennelConfigBuilder {
  private String brokerUrl = "amqp://guest:guest@localhost:5672//";
  private String resultBackend;
  private Duration resultExpires = Duration.ofDays(1);
  private boolean taskAcksLate;
  private boolean taskTrackStarted;
  private boolean taskIgnoreResult;
  private String taskDefaultQueue = "celery";
  private String taskDefaultRateLimit;
  private String taskSerializer = "json";
  private int workerConcurrency = Runtime.getRuntime().availableProcessors();
  private int workerPrefetchMultiplier = 4;
  private boolean workerSendTaskEvents;
  private boolean taskSendSentEvent;
  private Integer taskQueueMaxPriority;
  private Double taskTimeLimit;
  private Double taskSoftTimeLimit;
  private Integer workerMaxTasksPerChild;
  private Integer workerMaxMemoryPerChild;
  private boolean taskRejectOnWorkerLost;
  private boolean taskAcksOnFailureOrTimeout = true;
  private boolean workerCancelLongRunningTasksOnConnectionLoss;
  private final java.util.List<TaskRoute> taskRoutes = new java.util.ArrayList<>();
  private final java.util.List<String> taskQueues = new java.util.ArrayList<>();
  private final Map<String, String> extra = new LinkedHashMap<>();

  FennelConfigBuilder() {}

  FennelConfigBuilder(FennelConfig c) {
    brokerUrl = c.brokerUrl();
    resultBackend = c.resultBackend();
    resultExpires = c.resultExpires();
    taskAcksLate = c.taskAcksLate();
    taskTrackStarted = c.taskTrackStarted();
    taskIgnoreResult = c.taskIgnoreResult();
    taskDefaultQueue = c.taskDefaultQueue();
    taskDefaultRateLimit = c.taskDefaultRateLimit();
    taskSerializer = c.taskSerializer();
    workerConcurrency = c.workerConcurrency();
    workerPrefetchMultiplier = c.workerPrefetchMultiplier();
    workerSendTaskEvents = c.workerSendTaskEvents();
    taskSendSentEvent = c.taskSendSentEvent();
    taskQueueMaxPriority = c.taskQueueMaxPriority();
    taskTimeLimit = c.taskTimeLimit();
    taskSoftTimeLimit = c.taskSoftTimeLimit();
    workerMaxTasksPerChild = c.workerMaxTasksPerChild();
    workerMaxMemoryPerChild = c.workerMaxMemoryPerChild();
    taskRejectOnWorkerLost = c.taskRejectOnWorkerLost();
    taskAcksOnFailureOrTimeout = c.taskAcksOnFailureOrTimeout();
    workerCancelLongRunningTasksOnConnectionLoss = c.workerCancelLongRunningTasksOnConnectionLoss();
    taskRoutes.addAll(c.taskRoutes());
    taskQueues.addAll(c.taskQueues());
    extra.putAll(c.extra());
  }

  private static ConfigException bad(String setting, Object value, String rule) {
    return new ConfigException(setting + " " + rule + ", was " + value);
  }

  public FennelConfigBuilder brokerUrl(String url) {
    if (url == null || url.isBlank() || !url.contains("://")) {
      throw bad(
          "broker_url",
          url == null ? "null" : "'" + url + "'",
          "must be a URL such as amqp://guest:guest@localhost:5672//, redis://localhost:6379/0 or"
              + " memory://");
    }
    this.brokerUrl = url;
    return this;
  }

  public FennelConfigBuilder resultBackend(String url) {
    if (url != null && !url.isBlank() && !url.contains("://")) {
      throw bad(
          "result_backend",
          "'" + url + "'",
          "must be a URL such as redis://localhost:6379/1, rpc:// or memory://, or empty for none");
    }
    this.resultBackend = url == null || url.isBlank() ? null : url;
    return this;
  }

  public FennelConfigBuilder resultExpires(Duration d) {
    if (d == null || d.isNegative() || d.isZero()) {
      throw bad("result_expires", d, "must be a positive duration (seconds)");
    }
    this.resultExpires = d;
    return this;
  }

  public FennelConfigBuilder taskAcksLate(boolean b) {
    this.taskAcksLate = b;
    return this;
  }

  public FennelConfigBuilder taskTrackStarted(boolean b) {
    this.taskTrackStarted = b;
    return this;
  }

  public FennelConfigBuilder taskIgnoreResult(boolean b) {
    this.taskIgnoreResult = b;
    return this;
  }

  public FennelConfigBuilder taskDefaultQueue(String q) {
    if (q == null || q.isBlank()) {
      throw bad("task_default_queue", q == null ? "null" : "'" + q + "'", "must be a queue name");
    }
    this.taskDefaultQueue = q;
    return this;
  }

  public FennelConfigBuilder taskDefaultRateLimit(String r) {
    if (r != null && !r.isBlank()) {
      RateLimit.parse("task_default_rate_limit", r);
    }
    this.taskDefaultRateLimit = r == null || r.isBlank() ? null : r;
    return this;
  }

  public FennelConfigBuilder taskSerializer(String s) {
    this.taskSerializer = WireSettings.serializer("task_serializer", s).celeryName();
    return this;
  }

  public FennelConfigBuilder workerConcurrency(int n) {
    if (n < 1) {
      throw bad("worker_concurrency", n, "must be >= 1");
    }
    this.workerConcurrency = n;
    return this;
  }

  public FennelConfigBuilder workerPrefetchMultiplier(int n) {
    if (n < 1) {
      throw bad("worker_prefetch_multiplier", n, "must be >= 1");
    }
    this.workerPrefetchMultiplier = n;
    return this;
  }

  public FennelConfigBuilder workerSendTaskEvents(boolean b) {
    this.workerSendTaskEvents = b;
    return this;
  }

  public FennelConfigBuilder taskSendSentEvent(boolean b) {
    this.taskSendSentEvent = b;
    return this;
  }

  public FennelConfigBuilder taskQueueMaxPriority(Integer p) {
    if (p != null && (p < 1 || p > 255)) {
      throw bad("task_queue_max_priority", p, "must be between 1 and 255 (10 covers 0-9)");
    }
    this.taskQueueMaxPriority = p;
    return this;
  }

  public FennelConfigBuilder taskTimeLimit(Double seconds) {
    if (seconds != null && !(seconds > 0)) {
      throw bad("task_time_limit", seconds, "must be a positive number of seconds");
    }
    this.taskTimeLimit = seconds;
    return this;
  }

  public FennelConfigBuilder taskSoftTimeLimit(Double seconds) {
    if (seconds != null && !(seconds > 0)) {
      throw bad("task_soft_time_limit", seconds, "must be a positive number of seconds");
    }
    this.taskSoftTimeLimit = seconds;
    return this;
  }

  public FennelConfigBuilder workerMaxTasksPerChild(Integer n) {
    if (n != null && n < 1) {
      throw bad("worker_max_tasks_per_child", n, "must be >= 1 (or unset for no limit)");
    }
    this.workerMaxTasksPerChild = n;
    return this;
  }

  public FennelConfigBuilder workerMaxMemoryPerChild(Integer kib) {
    if (kib != null && kib < 1) {
      throw bad("worker_max_memory_per_child", kib, "must be >= 1 KiB (or unset for no limit)");
    }
    this.workerMaxMemoryPerChild = kib;
    return this;
  }

  /** {@code task_reject_on_worker_lost}: requeue (late-acked) tasks whose child died. */
  public FennelConfigBuilder taskRejectOnWorkerLost(boolean b) {
    this.taskRejectOnWorkerLost = b;
    return this;
  }

  /** {@code task_acks_on_failure_or_timeout}: false rejects failed late-acked tasks instead. */
  public FennelConfigBuilder taskAcksOnFailureOrTimeout(boolean b) {
    this.taskAcksOnFailureOrTimeout = b;
    return this;
  }

  /** {@code worker_cancel_long_running_tasks_on_connection_loss}. */
  public FennelConfigBuilder workerCancelLongRunningTasksOnConnectionLoss(boolean b) {
    this.workerCancelLongRunningTasksOnConnectionLoss = b;
    return this;
  }

  /** Routes tasks whose name matches {@code pattern} (a glob or a name) to {@code queue}. */
  public FennelConfigBuilder taskRoute(String pattern, String queue) {
    taskRoutes.add(new TaskRoute(pattern, queue, null, null));
    return this;
  }

  /** Routes tasks matching {@code pattern} through an exchange with a routing key. */
  public FennelConfigBuilder taskRoute(
      String pattern, String queue, String exchange, String routingKey) {
    taskRoutes.add(new TaskRoute(pattern, queue, exchange, routingKey));
    return this;
  }

  /** Replaces {@code task_queues}: queues declared at start and consumed by default. */
  public FennelConfigBuilder taskQueues(java.util.List<String> queues) {
    for (String q : queues) {
      if (q == null || q.isBlank()) {
        throw bad("task_queues", queues, "must be queue names, e.g. celery,slow");
      }
    }
    taskQueues.clear();
    taskQueues.addAll(queues);
    return this;
  }

  /** A setting Fennel does not interpret, kept and shown by {@code inspect conf}. */
  public FennelConfigBuilder extra(String name, String value) {
    SettingNames.check(name, value);
    extra.put(name, value);
    return this;
  }

  /**
   * Sets one setting by its Celery name from text, as read from a file or the environment.
   *
   * @throws ConfigException for a bad value
   */
  public FennelConfigBuilder set(String name, String value) {
    String v = value == null ? null : value.trim();
    switch (name) {
      case "broker_url" -> brokerUrl(v);
      case "result_backend" -> resultBackend(v);
      case "result_expires" -> resultExpires(Duration.ofMillis((long) (number(name, v) * 1000)));
      case "task_acks_late" -> taskAcksLate(bool(name, v));
      case "task_track_started" -> taskTrackStarted(bool(name, v));
      case "task_ignore_result" -> taskIgnoreResult(bool(name, v));
      case "task_default_queue" -> taskDefaultQueue(v);
      case "task_default_rate_limit" -> taskDefaultRateLimit(v);
      case "task_serializer" -> taskSerializer(v);
      case "worker_concurrency" -> workerConcurrency((int) integer(name, v));
      case "worker_prefetch_multiplier" -> workerPrefetchMultiplier((int) integer(name, v));
      case "worker_send_task_events" -> workerSendTaskEvents(bool(name, v));
      case "task_send_sent_event" -> taskSendSentEvent(bool(name, v));
      case "task_queue_max_priority" ->
          taskQueueMaxPriority(v == null || v.isEmpty() ? null : (int) integer(name, v));
      case "task_time_limit" -> taskTimeLimit(v == null || v.isEmpty() ? null : number(name, v));
      case "task_soft_time_limit" ->
          taskSoftTimeLimit(v == null || v.isEmpty() ? null : number(name, v));
      case "worker_max_tasks_per_child" ->
          workerMaxTasksPerChild(v == null || v.isEmpty() ? null : (int) integer(name, v));
      case "worker_max_memory_per_child" ->
          workerMaxMemoryPerChild(v == null || v.isEmpty() ? null : (int) integer(name, v));
      case "task_reject_on_worker_lost" -> taskRejectOnWorkerLost(bool(name, v));
      case "task_acks_on_failure_or_timeout" -> taskAcksOnFailureOrTimeout(bool(name, v));
      case "worker_cancel_long_running_tasks_on_connection_loss" ->
          workerCancelLongRunningTasksOnConnectionLoss(bool(name, v));
      case "task_routes" -> {
        taskRoutes.clear();
        if (v != null && !v.isEmpty()) {
          for (String entry : v.split(",")) {
            taskRoutes.add(TaskRoute.parse(entry));
          }
        }
      }
      case "task_queues" ->
          taskQueues(
              v == null || v.isEmpty()
                  ? java.util.List.of()
                  : java.util.Arrays.stream(v.split(",")).map(String::trim).toList());
      default -> extra(name, v);
    }
    return this;
  }

  private static boolean bool(String name, String v) {
    if (v != null) {
      switch (v.toLowerCase(java.util.Locale.ROOT)) {
        case "true", "yes", "1", "on" -> {
          return true;
        }
        case "false", "no", "0", "off" -> {
          return false;
        }
        default -> {}
      }
    }
    throw bad(name, "'" + v + "'", "must be true or false");
  }

  private static long integer(String name, String v) {
    try {
      return Long.parseLong(v);
    } catch (NumberFormatException | NullPointerException e) {
      throw bad(name, "'" + v + "'", "must be a whole number");
    }
  }

  private static double number(String name, String v) {
    try {
      return Double.parseDouble(v);
    } catch (NumberFormatException | NullPointerException e) {
      throw bad(name, "'" + v + "'", "must be a number");
    }
  }

  /**
   * The settings, checked together.
   *
   * @throws ConfigException when two settings contradict each other
   */
  public FennelConfig build() {
    if (taskTimeLimit != null && taskSoftTimeLimit != null && taskSoftTimeLimit > taskTimeLimit) {
      throw new ConfigException(
          "task_soft_time_limit ("
              + taskSoftTimeLimit
              + ") must not exceed task_time_limit ("
              + taskTimeLimit
              + ")");
    }
    return new FennelConfig(
        brokerUrl,
        resultBackend,
        resultExpires,
        taskAcksLate,
        taskTrackStarted,
        taskIgnoreResult,
        taskDefaultQueue,
        taskDefaultRateLimit,
        taskSerializer,
        workerConcurrency,
        workerPrefetchMultiplier,
        workerSendTaskEvents,
        taskSendSentEvent,
        taskQueueMaxPriority,
        taskTimeLimit,
        taskSoftTimeLimit,
        workerMaxTasksPerChild,
        workerMaxMemoryPerChild,
        taskRejectOnWorkerLost,
        taskAcksOnFailureOrTimeout,
        workerCancelLongRunningTasksOnConnectionLoss,
        taskRoutes,
        taskQueues,
        extra);
  }
}
