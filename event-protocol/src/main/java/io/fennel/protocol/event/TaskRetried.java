package io.fennel.protocol.event;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;
import java.util.Objects;

/**
 * {@code task-retried}: the task asked to be retried.
 *
 * @param fields the fields every event carries
 * @param uuid the task id
 * @param exception the exception as a Python repr string ({@code None} when retried without one)
 * @param traceback the full traceback text
 * @param extra fields not modelled here, in arrival order
 */
public record TaskRetried(
    EventFields fields,
    String uuid,
    String exception,
    String traceback,
    Map<String, JsonNode> extra)
    implements TaskEvent {

  /** The type on the wire. */
  public static final String TYPE = "task-retried";

  public TaskRetried {
    Objects.requireNonNull(fields, "fields");
    Objects.requireNonNull(uuid, "uuid");
    extra = Extras.copy(extra);
  }

  /** The event with no unmodelled fields. */
  public TaskRetried(EventFields fields, String uuid, String exception, String traceback) {
    this(fields, uuid, exception, traceback, Map.of());
  }

  @Override
  public String type() {
    return TYPE;
  }
}
