package io.fennel.protocol.event;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/** Defensive, order-keeping copies of the unmodelled fields an event carries. */
final class Extras {
  private Extras() {}

  static Map<String, JsonNode> copy(Map<String, JsonNode> extra) {
    if (extra == null || extra.isEmpty()) {
      return Map.of();
    }
    Map<String, JsonNode> copy = new LinkedHashMap<>();
    extra.forEach((k, v) ->
        copy.put(Objects.requireNonNull(k, "extra key"), Objects.requireNonNull(v, k).deepCopy()));
    return Collections.unmodifiableMap(copy);
  }
}
