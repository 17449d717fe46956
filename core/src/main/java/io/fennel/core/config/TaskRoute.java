package io.fennel.core.config;

import io.fennel.core.error.ConfigException;
import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.nio.file.PathMatcher;

/**
 * One entry of {@code task_routes}: tasks whose name matches {@code pattern} (a glob such as {@code
 * billing.*}, or an exact name) go to {@code queue}, optionally through an exchange with a routing
 * key. Written in settings as {@code pattern:queue[:exchange[:routing_key]]}.
 */
public record TaskRoute(String pattern, String queue, String exchange, String routingKey) {
  public TaskRoute {
    if (pattern == null || pattern.isBlank() || queue == null || queue.isBlank()) {
      throw new ConfigException(
          "task_routes entries need a task name or glob and a queue, e.g. 'billing.*:billing',"
              + " was '"
              + pattern
              + ":"
              + queue
              + "'");
    }
  }

  /** Whether the task named {@code taskName} takes this route. */
  public boolean matches(String taskName) {
    if (!pattern.contains("*") && !pattern.contains("?")) {
      return pattern.equals(taskName);
    }
    PathMatcher m = FileSystems.getDefault().getPathMatcher("glob:" + pattern.replace('/', '_'));
    return m.matches(Path.of(taskName.replace('/', '_')));
  }

  /** Parses {@code pattern:queue[:exchange[:routing_key]]}. */
  public static TaskRoute parse(String text) {
    String[] p = text.trim().split(":", -1);
    if (p.length < 2 || p.length > 4) {
      throw new ConfigException(
          "task_routes entries look like 'pattern:queue[:exchange[:routing_key]]', was '"
              + text
              + "'");
    }
    return new TaskRoute(
        p[0].trim(),
        p[1].trim(),
        p.length > 2 && !p[2].isBlank() ? p[2].trim() : null,
        p.length > 3 && !p[3].isBlank() ? p[3].trim() : null);
  }
}
