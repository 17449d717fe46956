package io.fennel.protocol.event;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;
import java.util.Objects;

/**
 * {@code task-failed}: the task raised.
 *
 * @param fields the fields every event carries
 * @param uuid the task id
 * @param exception the exception as a Python repr string, e.g. {@code ValueError('boom')}
 * @param traceback the full traceback text
 * @param extra fields not modelled here, in arrival order
 */
public record TaskFailed(
    EventFields fields,
    String uuid,
    String exception,
    String traceback,
    Map<String, JsonNode> extra)
    implements TaskEvent {

  /** The type on the wire. */
  public static final String TYPE = "task-failed";

  public TaskFailed {
    Objects.requireNonNull(fields, "fields");
    Objects.requireNonNull(uuid, "uuid");
    extra = Extras.copy(extra);
  }

  /** The event with no unmodelled fields. */
  public TaskFailed(EventFields fields, String uuid, String exception, String traceback) {
    this(fields, uuid, exception, traceback, Map.of());
  }

  @Override
  public String type() {
    return TYPE;
  }
}
