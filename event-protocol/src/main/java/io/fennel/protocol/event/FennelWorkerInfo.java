package io.fennel.protocol.event;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What a Fennel worker adds to its {@code worker-online} and {@code worker-heartbeat} events so a
 * console knows its queues and pool without asking: {@code queues}, {@code pool}, {@code
 * concurrency}, after Celery's fields (Celery's tools ignore fields they do not know). This is the
 * one place they are written ({@link #toExtra}) and read ({@link #read}).
 *
 * @param queues the queues consumed, sorted
 * @param pool the pool type as Fennel names it ({@code threads}, {@code virtual}, {@code solo})
 * @param concurrency the pool's size
 */
public record FennelWorkerInfo(List<String> queues, String pool, int concurrency) {
  static final String QUEUES = "queues";
  static final String POOL = "pool";
  static final String CONCURRENCY = "concurrency";

  public FennelWorkerInfo {
    queues = queues == null ? List.of() : queues.stream().sorted().toList();
  }

  /** The fields as an event's extras, in their order on the wire. */
  public Map<String, JsonNode> toExtra() {
    JsonNodeFactory json = JsonNodeFactory.instance;
    ArrayNode names = json.arrayNode();
    queues.forEach(names::add);
    Map<String, JsonNode> m = new LinkedHashMap<>();
    m.put(QUEUES, names);
    m.put(POOL, pool == null ? json.nullNode() : json.textNode(pool));
    m.put(CONCURRENCY, json.numberNode(concurrency));
    return Collections.unmodifiableMap(m);
  }

  /**
   * Reads the fields from an event's extras; empty when none of them is there (a Celery worker's
   * event). Queues may be names or Celery-style queue objects with a {@code name}; a field of the
   * wrong kind reads as unknown (an empty list, null pool, 0 concurrency).
   */
  public static Optional<FennelWorkerInfo> read(Map<String, JsonNode> extra) {
    if (extra == null
        || !(extra.containsKey(QUEUES)
            || extra.containsKey(POOL)
            || extra.containsKey(CONCURRENCY))) {
      return Optional.empty();
    }
    List<String> names = new ArrayList<>();
    JsonNode q = extra.get(QUEUES);
    if (q != null && q.isArray()) {
      q.forEach(n -> names.add(n.isObject() ? n.path("name").asText() : n.asText()));
    }
    JsonNode p = extra.get(POOL);
    JsonNode c = extra.get(CONCURRENCY);
    return Optional.of(
        new FennelWorkerInfo(
            names,
            p != null && p.isTextual() ? p.textValue() : null,
            c != null && c.canConvertToInt() ? c.asInt() : 0));
  }
}
