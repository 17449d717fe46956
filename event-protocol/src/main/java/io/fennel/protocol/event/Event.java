package io.fennel.protocol.event;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;

/**
 * One Celery event as sent on the {@code celeryev} exchange: a task or worker event Fennel models,
 * or an {@link UnknownEvent} kept whole so it can be forwarded.
 */
public sealed interface Event permits TaskEvent, WorkerEvent, UnknownEvent {

  /** The event type as on the wire, e.g. {@code task-succeeded}. */
  String type();

  /** The fields every event carries. */
  EventFields fields();

  /**
   * Fields Fennel does not model, in the order they arrived; written back after the modelled ones.
   */
  Map<String, JsonNode> extra();

  /** The sender's node name. */
  default String hostname() {
    return fields().hostname();
  }

  /** When the event was sent, in epoch seconds. */
  default double timestamp() {
    return fields().timestamp();
  }

  /** The sender's offset from UTC in hours, or null. */
  default Integer utcoffset() {
    return fields().utcoffset();
  }

  /** The sender's process id, or null. */
  default Integer pid() {
    return fields().pid();
  }

  /** The sender's Lamport clock. */
  default long clock() {
    return fields().clock();
  }
}
