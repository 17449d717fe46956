package io.fennel.protocol.event;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;
import java.util.Objects;

/**
 * {@code task-revoked}: the task was revoked, terminated or found expired.
 *
 * @param fields the fields every event carries
 * @param uuid the task id
 * @param terminated whether a running task was terminated
 * @param signum the signal number used to terminate (15, 9), or null
 * @param expired whether it was revoked because it had expired
 * @param extra fields not modelled here, in arrival order
 */
public record TaskRevoked(
    EventFields fields,
    String uuid,
    Boolean terminated,
    Integer signum,
    Boolean expired,
    Map<String, JsonNode> extra)
    implements TaskEvent {

  /** The type on the wire. */
  public static final String TYPE = "task-revoked";

  public TaskRevoked {
    Objects.requireNonNull(fields, "fields");
    Objects.requireNonNull(uuid, "uuid");
    extra = Extras.copy(extra);
  }

  /** The event with no unmodelled fields. */
  public TaskRevoked(
      EventFields fields, String uuid, Boolean terminated, Integer signum, Boolean expired) {
    this(fields, uuid, terminated, signum, expired, Map.of());
  }

  @Override
  public String type() {
    return TYPE;
  }
}
