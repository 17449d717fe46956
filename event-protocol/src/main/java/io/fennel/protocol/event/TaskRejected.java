package io.fennel.protocol.event;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;
import java.util.Objects;

/**
 * {@code task-rejected}: the worker rejected the message (basic.reject).
 *
 * @param fields the fields every event carries
 * @param uuid the task id
 * @param requeue whether the broker was asked to requeue it
 * @param extra fields not modelled here, in arrival order
 */
public record TaskRejected(
    EventFields fields, String uuid, Boolean requeue, Map<String, JsonNode> extra)
    implements TaskEvent {

  /** The type on the wire. */
  public static final String TYPE = "task-rejected";

  public TaskRejected {
    Objects.requireNonNull(fields, "fields");
    Objects.requireNonNull(uuid, "uuid");
    extra = Extras.copy(extra);
  }

  /** The event with no unmodelled fields. */
  public TaskRejected(EventFields fields, String uuid, Boolean requeue) {
    this(fields, uuid, requeue, Map.of());
  }

  @Override
  public String type() {
    return TYPE;
  }
}
