package io.fennel.core.beat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fennel.protocol.PythonJson;
import java.time.Instant;

/** An {@link EntryState} as JSON (instants as ISO-8601 text), for the file store. */
final class StateJson {
  private StateJson() {}

  static ObjectNode write(EntryState s) {
    ObjectNode o = PythonJson.MAPPER.createObjectNode();
    o.put("anchor", text(s.anchor()));
    o.put("last_sent_at", text(s.lastSentAt()));
    o.put("last_task_id", s.lastTaskId());
    o.put("total_runs", s.totalRuns());
    o.put("paused", s.paused());
    o.put("run_now_at", text(s.runNowAt()));
    o.put("pending_task_id", s.pendingTaskId());
    return o;
  }

  static EntryState read(JsonNode o) {
    return new EntryState(
        instant(o.get("anchor")),
        instant(o.get("last_sent_at")),
        textOrNull(o.get("last_task_id")),
        o.path("total_runs").asLong(),
        o.path("paused").asBoolean(),
        instant(o.get("run_now_at")),
        textOrNull(o.get("pending_task_id")));
  }

  private static String text(Instant i) {
    return i == null ? null : i.toString();
  }

  private static String textOrNull(JsonNode n) {
    return n == null || n.isNull() ? null : n.asText();
  }

  private static Instant instant(JsonNode n) {
    return n == null || n.isNull() ? null : Instant.parse(n.asText());
  }
}
