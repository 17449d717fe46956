package io.fennel.core.broker;

import java.util.Map;

/**
 * How a queue is declared. {@link #task(String)} declares it exactly as Celery does (durable, no
 * arguments), so Celery and Fennel workers can share it.
 */
public record QueueSpec(
    String name, boolean durable, boolean exclusive, boolean autoDelete, Map<String, Object> args) {

  public QueueSpec {
    args = args == null ? Map.of() : Map.copyOf(args);
  }

  /** A durable task queue with no arguments, as Celery declares one. */
  public static QueueSpec task(String name) {
    return new QueueSpec(name, true, false, false, Map.of());
  }

  /** A durable task queue whose messages may carry priorities 0..{@code maxPriority}. */
  public static QueueSpec task(String name, int maxPriority) {
    return new QueueSpec(name, true, false, false, Map.of("x-max-priority", maxPriority));
  }
}
