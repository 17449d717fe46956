package io.fennel.monitor.pages;

import com.fasterxml.jackson.databind.JsonNode;
import io.fennel.monitor.state.WorkerView;
import java.util.Map;
import java.util.Set;

/**
 * What one worker's page shows: the worker as events describe it, and its answers to inspect
 * questions.
 *
 * @param chrome the frame
 * @param worker the worker
 * @param now the console's time, epoch seconds
 * @param inspected reply per inspect method ({@code active_queues}, {@code registered}, {@code
 *     active}, {@code reserved}, {@code stats}, {@code conf}); a reply may be {@code {"error":..}}
 * @param taskNames task names for the rate-limit form
 */
public record WorkerPage(
    PageChrome chrome,
    WorkerView worker,
    double now,
    Map<String, JsonNode> inspected,
    Set<String> taskNames) {

  /** The reply to {@code method}, or null when it is an error. */
  public JsonNode reply(String method) {
    JsonNode n = inspected.get(method);
    return n == null || problem(method) != null ? null : n;
  }

  /** Why {@code method} has no reply, or null when it has one. */
  public String problem(String method) {
    JsonNode n = inspected.get(method);
    if (n == null) {
      return "not asked (worker offline)";
    }
    if (n.isObject() && n.size() == 1 && n.has("error")) {
      return n.get("error").asText();
    }
    return null;
  }
}
