package io.fennel.core.runtime;

import java.util.Map;

/**
 * Where code that runs beside user code (listeners, the event dispatcher, broker loops, send
 * callbacks) reports a failure instead of throwing: it never throws back, logs the first failure of
 * each kind and counts every one, as the RabbitMQ client's {@code ExceptionHandler}.
 */
public interface FailureHandler {
  /**
   * Reports a failure. {@code kind} names where it happened ("listener", "events.publish",
   * "redis.poll"); {@code what} says what was being done, for the log line.
   */
  void handle(String kind, String what, Throwable failure);

  /** Failures counted so far, by kind (a snapshot). */
  Map<String, Long> counts();

  /** Runs {@code body}; a {@link RuntimeException} from it is handled, never thrown. */
  default void guard(String kind, String what, Runnable body) {
    try {
      body.run();
    } catch (RuntimeException e) {
      handle(kind, what, e);
    }
  }

  /** The default handler: logs the first failure per kind and exception type, counts all. */
  static FailureHandler logging() {
    return new LoggingFailureHandler();
  }
}
