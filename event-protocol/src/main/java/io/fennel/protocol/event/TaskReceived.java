package io.fennel.protocol.event;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;
import java.util.Objects;

/**
 * {@code task-received}: a worker took the task from its queue.
 *
 * @param fields the fields every event carries
 * @param uuid the task id
 * @param name the task name
 * @param args positional arguments as a Python repr string
 * @param kwargs keyword arguments as a Python repr string
 * @param rootId id of the first task of the workflow
 * @param parentId id of the task that published this one, or null
 * @param retries how often the task was retried
 * @param eta ISO-8601 earliest run time, or null
 * @param expires ISO-8601 expiry, or null
 * @param extra fields not modelled here, in arrival order
 */
public record TaskReceived(
    EventFields fields,
    String uuid,
    String name,
    String args,
    String kwargs,
    String rootId,
    String parentId,
    Integer retries,
    String eta,
    String expires,
    Map<String, JsonNode> extra)
    implements TaskEvent {

  /** The type on the wire. */
  public static final String TYPE = "task-received";

  public TaskReceived {
    Objects.requireNonNull(fields, "fields");
    Objects.requireNonNull(uuid, "uuid");
    extra = Extras.copy(extra);
  }

  /** The event with no unmodelled fields. */
  public TaskReceived(
      EventFields fields,
      String uuid,
      String name,
      String args,
      String kwargs,
      String rootId,
      String parentId,
      Integer retries,
      String eta,
      String expires) {
    this(fields, uuid, name, args, kwargs, rootId, parentId, retries, eta, expires, Map.of());
  }

  @Override
  public String type() {
    return TYPE;
  }
}
