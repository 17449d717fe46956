package io.fennel.protocol.event;

import com.fasterxml.jackson.databind.JsonNode;
import io.fennel.protocol.ProtocolException;
import io.fennel.protocol.PythonJson;
import io.fennel.protocol.WireNames;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Reads and writes event message bodies exactly as Celery does: one JSON object ({@code task.sent},
 * {@code worker.*}) or a JSON list of them ({@code task.multi}), keys in Celery's order.
 */
public final class EventCodec {
  private EventCodec() {}

  /**
   * Decodes a body holding one event object or a list of them (possibly empty).
   *
   * @throws ProtocolException naming the field and value when the body is not valid
   */
  public static List<Event> decode(byte[] body) {
    if (body != null) {
      List<Event> fast = EventStreamReader.read(body);
      if (fast != null) {
        return fast;
      }
    }
    JsonNode json = PythonJson.read("body", body);
    if (json.isObject()) {
      return List.of(EventReader.read(json, ""));
    }
    if (json.isArray()) {
      List<Event> events = new ArrayList<>(json.size());
      for (int i = 0; i < json.size(); i++) {
        events.add(EventReader.read(json.get(i), "body[" + i + "]."));
      }
      return List.copyOf(events);
    }
    throw new ProtocolException(
        "body",
        "must be an event object or a list of them, was " + PythonJson.excerpt(json.toString()));
  }

  /** Encodes one event as a single JSON object (how {@code task-sent} and worker events go). */
  public static byte[] encode(Event event) {
    StringBuilder out = new StringBuilder(256);
    EventJson.write(out, Objects.requireNonNull(event, "event"));
    return ascii(out);
  }

  /** Encodes events as one JSON list (how task events go on {@code task.multi}). */
  public static byte[] encodeBatch(List<? extends Event> events) {
    Objects.requireNonNull(events, "events");
    StringBuilder out = BATCH_TEXT.get();
    out.setLength(0);
    EventJson.writeList(out, events);
    byte[] bytes = ascii(out);
    if (out.capacity() > MAX_KEPT_CHARS) {
      BATCH_TEXT.remove(); // an outsized batch (long tracebacks) does not pin its buffer
    }
    return bytes;
  }

  /**
   * Each encoding thread's batch text, reused: a batch of 100 task events is about 30 KB, and a new
   * builder for each was a tenth of everything a busy worker allocated.
   */
  private static final ThreadLocal<StringBuilder> BATCH_TEXT =
      ThreadLocal.withInitial(() -> new StringBuilder(64 * 1024));

  /** The largest batch buffer a thread keeps for the next batch. */
  private static final int MAX_KEPT_CHARS = 1 << 20;

  /** The text's bytes: pure ASCII, since {@code json.dumps} escapes everything else. */
  private static byte[] ascii(StringBuilder out) {
    return out.toString().getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
  }

  /** The event as a JSON object, keys in Celery's order. */
  public static JsonNode toJson(Event event) {
    return EventWriter.write(Objects.requireNonNull(event, "event"));
  }

  /**
   * Reads one event from a JSON object.
   *
   * @throws ProtocolException naming the field and value when it is not a valid event
   */
  public static Event fromJson(JsonNode json) {
    return EventReader.read(json, "");
  }

  /** The routing key the event is published with when sent alone: its type, '-' → '.'. */
  public static String routingKey(Event event) {
    return WireNames.eventRoutingKey(event.type());
  }
}
