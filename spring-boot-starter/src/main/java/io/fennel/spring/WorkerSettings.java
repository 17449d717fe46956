package io.fennel.spring;

import io.fennel.core.worker.PoolType;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.convert.DurationStyle;
import org.springframework.core.env.Environment;

/**
 * The starter's own worker properties, which are not Celery settings: whether the application runs
 * a worker ({@code fennel.worker.enabled}), its node name, queues and pool, and how long a warm
 * shutdown may take before it turns cold. Concurrency, prefetch and task events are Celery settings
 * and come through {@link FennelSettings} ({@code fennel.worker.concurrency}, ...).
 *
 * @param enabled {@code fennel.worker.enabled}: run a worker with the application (default false)
 * @param nodeName {@code fennel.worker.node-name}: {@code %h} is the host name (default {@code
 *     ${spring.application.name}@%h}, or {@code fennel@%h})
 * @param queues {@code fennel.worker.queues}: empty for {@code task_queues} or {@code
 *     task_default_queue}
 * @param pool {@code fennel.worker.pool}: threads, virtual or solo (default threads)
 * @param shutdownTimeout {@code fennel.worker.shutdown-timeout}: how long running tasks may take to
 *     finish once the context closes, after which they are interrupted (default 20s, under Spring's
 *     30s per shutdown phase)
 */
record WorkerSettings(
    boolean enabled,
    String nodeName,
    List<String> queues,
    PoolType pool,
    Duration shutdownTimeout) {

  static final Duration DEFAULT_SHUTDOWN_TIMEOUT = Duration.ofSeconds(20);

  WorkerSettings {
    queues = List.copyOf(queues);
  }

  /**
   * The worker properties in the environment.
   *
   * @throws FennelPropertyException naming the property and the rule for a bad value
   */
  static WorkerSettings read(Environment env) {
    Binder binder = Binder.get(env);
    try {
      return read(env, binder);
    } catch (FennelPropertyException e) {
      Object origin = FennelSettings.origin(env, e.property());
      throw origin == null ? e : new FennelPropertyException(e.property(), e.rule(), origin);
    }
  }

  private static WorkerSettings read(Environment env, Binder binder) {
    String enabled = binder.bind("fennel.worker.enabled", String.class).orElse("false");
    String app = env.getProperty("spring.application.name", "fennel");
    String node = binder.bind("fennel.worker.node-name", String.class).orElse(app + "@%h");
    List<String> queues =
        binder.bind("fennel.worker.queues", Bindable.listOf(String.class)).orElse(List.of());
    String pool = binder.bind("fennel.worker.pool", String.class).orElse("threads");
    String timeout = binder.bind("fennel.worker.shutdown-timeout", String.class).orElse(null);
    return new WorkerSettings(
        bool("fennel.worker.enabled", enabled),
        nodeName(node),
        queues(queues),
        pool(pool),
        timeout == null ? DEFAULT_SHUTDOWN_TIMEOUT : duration(timeout));
  }

  private static boolean bool(String property, String v) {
    return switch (v.trim().toLowerCase(Locale.ROOT)) {
      case "true" -> true;
      case "false" -> false;
      default ->
          throw new FennelPropertyException(
              property, "must be true or false, was '" + v + "'", null);
    };
  }

  private static String nodeName(String v) {
    if (v.isBlank() || v.chars().anyMatch(Character::isWhitespace)) {
      throw new FennelPropertyException(
          "fennel.worker.node-name",
          "must be a node name without spaces such as shop@%h, was '" + v + "'",
          null);
    }
    return v;
  }

  private static List<String> queues(List<String> queues) {
    for (String q : queues) {
      if (q == null || q.isBlank()) {
        throw new FennelPropertyException(
            "fennel.worker.queues", "must be queue names such as celery,slow, was " + queues, null);
      }
    }
    return queues.stream().map(String::trim).toList();
  }

  private static PoolType pool(String v) {
    PoolType pool;
    try {
      pool = PoolType.parse(v.trim());
    } catch (IllegalArgumentException e) {
      pool = null;
    }
    if (pool == PoolType.PROCESS) {
      // A child JVM would have to start this Spring application to find its task beans.
      throw new FennelPropertyException(
          "fennel.worker.pool",
          "the process pool is not available in a Spring application, was '"
              + v
              + "'; use threads, virtual or solo, or run the tasks in `fennel worker -P process`",
          null);
    }
    if (pool == null) {
      throw new FennelPropertyException(
          "fennel.worker.pool", "unknown pool '" + v + "'; choose threads, virtual or solo", null);
    }
    return pool;
  }

  private static Duration duration(String v) {
    Duration d;
    try {
      d = DurationStyle.detectAndParse(v.trim());
    } catch (IllegalArgumentException e) {
      d = null;
    }
    if (d == null || d.isNegative()) {
      throw new FennelPropertyException(
          "fennel.worker.shutdown-timeout",
          "must be a duration of 0 or more such as 25s or 2m, was '" + v + "'",
          null);
    }
    return d;
  }
}
