package io.fennel.protocol;

import java.time.Duration;

/**
 * Names and intervals of the wire, in one place: exchanges, queues, routing keys, content types and
 * the heartbeat rules a mixed Fennel and Celery fleet agrees on.
 */
public final class WireNames {
  private WireNames() {}

  /** The queue tasks go to when nothing else is said. */
  public static final String DEFAULT_QUEUE = "celery";

  /** The direct exchange named after the default queue. */
  public static final String DEFAULT_EXCHANGE = "celery";

  /** Topic exchange for task and worker events. */
  public static final String EVENT_EXCHANGE = "celeryev";

  /** Routing key for batched task events. */
  public static final String EVENT_BATCH_ROUTING_KEY = "task.multi";

  /** Fanout exchange for control and inspect requests. */
  public static final String CONTROL_EXCHANGE = "celery.pidbox";

  /** Direct exchange for control replies, routed by the caller's oid. */
  public static final String REPLY_EXCHANGE = "reply.celery.pidbox";

  /** Suffix of a worker's own control queue: {@code <node>.celery.pidbox}. */
  public static final String CONTROL_QUEUE_SUFFIX = ".celery.pidbox";

  /** Suffix of a caller's reply queue: {@code <oid>.reply.celery.pidbox}. */
  public static final String REPLY_QUEUE_SUFFIX = ".reply.celery.pidbox";

  /** The only content type Fennel accepts. */
  public static final String CONTENT_TYPE_JSON = "application/json";

  /** The content encoding that goes with JSON. */
  public static final String CONTENT_ENCODING_UTF8 = "utf-8";

  /** Key prefix of a task's result record in Redis. */
  public static final String RESULT_KEY_PREFIX = "celery-task-meta-";

  /** Key prefix of a saved group result in Redis. */
  public static final String GROUP_KEY_PREFIX = "celery-taskset-meta-";

  /** How often a worker sends {@code worker-heartbeat}. */
  public static final Duration HEARTBEAT_INTERVAL = Duration.ofSeconds(2);

  /** A worker is offline after this many heartbeat periods ({@code freq}) without a heartbeat. */
  public static final double OFFLINE_AFTER_FREQS = 2.0;

  /** The routing key of an event: its type with {@code -} replaced by {@code .}. */
  public static String eventRoutingKey(String eventType) {
    return eventType.replace('-', '.');
  }

  /** Whether a worker whose last heartbeat was at {@code lastHeartbeat} (epoch s) is offline. */
  public static boolean isOffline(double lastHeartbeat, double freqSeconds, double nowSeconds) {
    return nowSeconds - lastHeartbeat > OFFLINE_AFTER_FREQS * freqSeconds;
  }
}
