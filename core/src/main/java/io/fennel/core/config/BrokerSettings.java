package io.fennel.core.config;

import io.fennel.core.error.ConfigException;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Broker settings under Celery's names that travel in {@link FennelConfig#extra()}: the queue type
 * of declared task queues ({@code task_default_queue_type}, Celery 5.5's name) and how the first
 * connection is retried ({@code broker_connection_retry_on_startup}, {@code
 * broker_connection_max_retries}), and whether {@code delay()} waits for RabbitMQ's publisher
 * confirm ({@code task_publish_confirm}, Fennel's own).
 *
 * @param quorum declare task queues as RabbitMQ quorum queues
 * @param retryOnStartup retry the first connection instead of failing at once
 * @param maxRetries how many times (Celery's default: 100); 0 means without end
 * @param confirmWait {@code task_publish_confirm=wait}: {@code delay()}, {@code applyAsync()} and
 *     {@code sendTask()} return only once the broker confirmed the message; the default, {@code
 *     pipelined}, returns once it is written and settles {@link
 *     io.fennel.core.result.AsyncResult#sent()} on the confirm
 */
public record BrokerSettings(
    boolean quorum, boolean retryOnStartup, int maxRetries, boolean confirmWait) {

  /** The names of these settings. */
  public static final List<String> NAMES =
      List.of(
          "task_default_queue_type",
          "broker_connection_retry",
          "broker_connection_retry_on_startup",
          "broker_connection_max_retries",
          "task_publish_confirm");

  /** The typed settings of a configuration. */
  public static BrokerSettings of(FennelConfig c) {
    Map<String, String> x = c.extra();
    String startup = x.get("broker_connection_retry_on_startup");
    boolean retry =
        bool("broker_connection_retry", x.getOrDefault("broker_connection_retry", "true"));
    return new BrokerSettings(
        quorum(x.get("task_default_queue_type")),
        blank(startup) ? retry : bool("broker_connection_retry_on_startup", startup),
        retries(x.get("broker_connection_max_retries")),
        confirmWait(x.get("task_publish_confirm")));
  }

  /** Checks one value as it is set. */
  public static void check(String name, String value) {
    switch (name) {
      case "task_default_queue_type" -> quorum(value);
      case "broker_connection_retry", "broker_connection_retry_on_startup" -> {
        if (!blank(value)) {
          bool(name, value);
        }
      }
      case "broker_connection_max_retries" -> retries(value);
      case "task_publish_confirm" -> confirmWait(value);
      default -> {}
    }
  }

  private static boolean quorum(String v) {
    if (blank(v)) {
      return false;
    }
    return switch (v.strip().toLowerCase(Locale.ROOT)) {
      case "classic" -> false;
      case "quorum" -> true;
      default ->
          throw new ConfigException(
              "task_default_queue_type must be classic or quorum, was '" + v + "'");
    };
  }

  private static boolean confirmWait(String v) {
    if (blank(v)) {
      return false;
    }
    return switch (v.strip().toLowerCase(Locale.ROOT)) {
      case "pipelined" -> false;
      case "wait" -> true;
      default ->
          throw new ConfigException(
              "task_publish_confirm must be pipelined (delay() returns once the message is"
                  + " written; the default) or wait (delay() returns once RabbitMQ confirmed it),"
                  + " was '"
                  + v
                  + "'");
    };
  }

  private static int retries(String v) {
    if (blank(v) || v.strip().equalsIgnoreCase("none")) {
      return 100;
    }
    try {
      int n = Integer.parseInt(v.strip());
      if (n >= 0) {
        return n;
      }
    } catch (NumberFormatException e) {
      // fall through to the message
    }
    throw new ConfigException(
        "broker_connection_max_retries must be a whole number >= 0 (0: retry without end), was '"
            + v
            + "'");
  }

  private static boolean bool(String name, String v) {
    return switch (v.strip().toLowerCase(Locale.ROOT)) {
      case "true", "yes", "1", "on" -> true;
      case "false", "no", "0", "off" -> false;
      default -> throw new ConfigException(name + " must be true or false, was '" + v + "'");
    };
  }

  private static boolean blank(String v) {
    return v == null || v.isBlank();
  }
}
