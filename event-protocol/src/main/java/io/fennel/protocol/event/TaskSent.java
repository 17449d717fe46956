package io.fennel.protocol.event;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;
import java.util.Objects;

/**
 * {@code task-sent}: a client published a task (never batched; routing key {@code task.sent}).
 *
 * @param fields the fields every event carries
 * @param uuid the task id
 * @param rootId id of the first task of the workflow
 * @param parentId id of the task that published this one, or null
 * @param name the task name
 * @param args positional arguments as a Python repr string, e.g. {@code (2, 3)}
 * @param kwargs keyword arguments as a Python repr string, e.g. {@code {}}
 * @param retries how often the task was retried
 * @param eta ISO-8601 earliest run time, or null
 * @param expires ISO-8601 expiry, or null
 * @param queue the queue it was sent to
 * @param exchange the exchange it was published to ({@code ""} for the default)
 * @param routingKey the routing key it was published with
 * @param extra fields not modelled here, in arrival order
 */
public record TaskSent(
    EventFields fields,
    String uuid,
    String rootId,
    String parentId,
    String name,
    String args,
    String kwargs,
    Integer retries,
    String eta,
    String expires,
    String queue,
    String exchange,
    String routingKey,
    Map<String, JsonNode> extra)
    implements TaskEvent {

  /** The type on the wire. */
  public static final String TYPE = "task-sent";

  public TaskSent {
    Objects.requireNonNull(fields, "fields");
    Objects.requireNonNull(uuid, "uuid");
    extra = Extras.copy(extra);
  }

  /** The event with no unmodelled fields. */
  public TaskSent(
      EventFields fields,
      String uuid,
      String rootId,
      String parentId,
      String name,
      String args,
      String kwargs,
      Integer retries,
      String eta,
      String expires,
      String queue,
      String exchange,
      String routingKey) {
    this(
        fields,
        uuid,
        rootId,
        parentId,
        name,
        args,
        kwargs,
        retries,
        eta,
        expires,
        queue,
        exchange,
        routingKey,
        Map.of());
  }

  @Override
  public String type() {
    return TYPE;
  }
}
