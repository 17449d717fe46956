package io.fennel.core.canvas;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fennel.core.producer.SendOptions;
import io.fennel.protocol.ProtocolException;
import io.fennel.protocol.task.Signature;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A signature's options dict ({@code task_id}, {@code queue}, {@code link}, {@code chord}, ...) as
 * Celery merges it with the options of the call, and as it becomes a message.
 */
final class Options {
  private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

  /** Keys a call may not override once the signature has them (they would stall a join). */
  private static final Set<String> IMMUTABLE = Set.of("group_id", "stamped_headers");

  private Options() {}

  static ObjectNode empty() {
    return JSON.objectNode();
  }

  /** The signature's options with the call's on top, except immutable keys it already has. */
  static ObjectNode merge(ObjectNode signature, ObjectNode call) {
    ObjectNode out = signature == null ? JSON.objectNode() : signature.deepCopy();
    if (call != null) {
      for (Map.Entry<String, JsonNode> e : call.properties()) {
        if (!IMMUTABLE.contains(e.getKey()) || !out.has(e.getKey())) {
          out.set(e.getKey(), e.getValue());
        }
      }
    }
    return out;
  }

  /** A copy without the given keys. */
  static ObjectNode without(ObjectNode options, String... keys) {
    ObjectNode out = options.deepCopy();
    for (String k : keys) {
      out.remove(k);
    }
    return out;
  }

  static String text(ObjectNode o, String key) {
    JsonNode n = o.get(key);
    return n == null || n.isNull() ? null : n.asText();
  }

  static Integer integer(ObjectNode o, String key) {
    JsonNode n = o.get(key);
    return n == null || !n.canConvertToInt() ? null : n.intValue();
  }

  /** The signatures under {@code key} (a list, or one dict as Celery allows), never null. */
  static List<Signature> signatures(ObjectNode o, String key) {
    JsonNode n = o.get(key);
    List<Signature> out = new ArrayList<>();
    if (n == null || n.isNull()) {
      return out;
    }
    if (n.isObject()) {
      out.add(Signature.fromJson("options." + key, n));
      return out;
    }
    if (!n.isArray()) {
      throw new ProtocolException("options." + key, "is " + n + "; expected a list of signatures");
    }
    for (int i = 0; i < n.size(); i++) {
      out.add(Signature.fromJson("options." + key + "[" + i + "]", n.get(i)));
    }
    return out;
  }

  static ArrayNode toArray(List<Signature> sigs) {
    ArrayNode a = JSON.arrayNode();
    sigs.forEach(s -> a.add(s.toJson()));
    return a;
  }

  /** The producer options the dict names: id, routing, timing, limits, lineage, callbacks. */
  static SendOptions toSend(ObjectNode o) {
    SendOptions.Builder b = SendOptions.builder();
    String id = text(o, "task_id");
    if (id != null) {
      b.taskId(id);
    }
    if (text(o, "queue") != null) {
      JsonNode q = o.get("queue");
      b.queue(q.isObject() && q.has("name") ? q.get("name").asText() : q.asText());
    }
    if (text(o, "routing_key") != null) {
      b.routingKey(text(o, "routing_key"));
    }
    if (text(o, "exchange") != null) {
      b.exchange(text(o, "exchange"));
    }
    if (integer(o, "priority") != null) {
      b.priority(integer(o, "priority"));
    }
    JsonNode countdown = o.get("countdown");
    if (countdown != null && countdown.isNumber()) {
      b.countdown(Duration.ofNanos((long) (countdown.doubleValue() * 1e9)));
    }
    if (text(o, "eta") != null) {
      b.eta(instant(text(o, "eta")));
    }
    JsonNode expires = o.get("expires");
    if (expires != null && expires.isNumber()) {
      b.expires(Duration.ofNanos((long) (expires.doubleValue() * 1e9)));
    } else if (expires != null && expires.isTextual()) {
      b.expires(instant(expires.asText()));
    }
    JsonNode hard = o.get("time_limit");
    JsonNode soft = o.get("soft_time_limit");
    if ((hard != null && hard.isNumber()) || (soft != null && soft.isNumber())) {
      b.timeLimits(
          hard != null && hard.isNumber() ? hard.doubleValue() : null,
          soft != null && soft.isNumber() ? soft.doubleValue() : null);
    }
    JsonNode ignore = o.get("ignore_result");
    if (ignore != null && ignore.isBoolean()) {
      b.ignoreResult(ignore.booleanValue());
    }
    if (text(o, "parent_id") != null) {
      b.parentId(text(o, "parent_id"));
    }
    if (text(o, "root_id") != null) {
      b.rootId(text(o, "root_id"));
    }
    b.link(signatures(o, "link").toArray(Signature[]::new));
    b.linkError(signatures(o, "link_error").toArray(Signature[]::new));
    return b.build();
  }

  private static Instant instant(String text) {
    try {
      return OffsetDateTime.parse(text).toInstant();
    } catch (RuntimeException e) {
      return java.time.LocalDateTime.parse(text).toInstant(java.time.ZoneOffset.UTC);
    }
  }
}
