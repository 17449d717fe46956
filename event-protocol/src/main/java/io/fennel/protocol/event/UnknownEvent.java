package io.fennel.protocol.event;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;
import java.util.Objects;

/**
 * An event of a type Fennel does not model (a newer Celery's, or a custom one), kept whole so it is
 * forwarded rather than dropped.
 *
 * @param type the type on the wire
 * @param fields the fields every event carries
 * @param extra every other field, in arrival order
 */
public record UnknownEvent(String type, EventFields fields, Map<String, JsonNode> extra)
    implements Event {

  public UnknownEvent {
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(fields, "fields");
    extra = Extras.copy(extra);
  }
}
