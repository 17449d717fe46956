package io.fennel.protocol.event;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;
import java.util.Objects;

/**
 * {@code task-started}: a worker began executing the task.
 *
 * @param fields the fields every event carries
 * @param uuid the task id
 * @param extra fields not modelled here, in arrival order
 */
public record TaskStarted(EventFields fields, String uuid, Map<String, JsonNode> extra)
    implements TaskEvent {

  /** The type on the wire. */
  public static final String TYPE = "task-started";

  public TaskStarted {
    Objects.requireNonNull(fields, "fields");
    Objects.requireNonNull(uuid, "uuid");
    extra = Extras.copy(extra);
  }

  /** The event with no unmodelled fields. */
  public TaskStarted(EventFields fields, String uuid) {
    this(fields, uuid, Map.of());
  }

  @Override
  public String type() {
    return TYPE;
  }
}
