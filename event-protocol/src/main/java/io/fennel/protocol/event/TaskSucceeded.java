package io.fennel.protocol.event;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;
import java.util.Objects;

/**
 * {@code task-succeeded}: the task returned.
 *
 * @param fields the fields every event carries
 * @param uuid the task id
 * @param result the return value as a Python repr string, e.g. {@code 5} or {@code 'ok'}
 * @param runtime seconds the task ran
 * @param extra fields not modelled here, in arrival order
 */
public record TaskSucceeded(
    EventFields fields, String uuid, String result, Double runtime, Map<String, JsonNode> extra)
    implements TaskEvent {

  /** The type on the wire. */
  public static final String TYPE = "task-succeeded";

  public TaskSucceeded {
    Objects.requireNonNull(fields, "fields");
    Objects.requireNonNull(uuid, "uuid");
    extra = Extras.copy(extra);
  }

  /** The event with no unmodelled fields. */
  public TaskSucceeded(EventFields fields, String uuid, String result, Double runtime) {
    this(fields, uuid, result, runtime, Map.of());
  }

  @Override
  public String type() {
    return TYPE;
  }
}
