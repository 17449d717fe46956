package io.fennel.protocol.control;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * {@code rate_limit}: a task type's new rate limit, e.g. {@code 10/s}, {@code 100/m}, {@code
 * 1000/h}; {@code 0} (or null, or "") switches it off. A number is taken as its text ({@code 5}
 * means {@code 5/s}); the worker checks the form.
 *
 * @param task the task name, e.g. {@code demo.add}
 * @param limit the rate as text
 */
public record RateLimit(String task, String limit) implements Command {
  /** The method on the wire. */
  public static final String METHOD = "rate_limit";

  static final String TASK_NAME = "task_name";
  static final String RATE_LIMIT = "rate_limit";
  static final String TASK_FORMS = "a task name such as demo.add";
  private static final String RATE_FORMS =
      "a rate such as 10/s, 100/m or 1000/h (a number or string; 0 or null for none)";

  public RateLimit {
    task = checkTask(METHOD, task);
    if (limit == null) {
      limit = "0";
    }
  }

  static RateLimit read(Arguments a) {
    String task = a.text(TASK_NAME, TASK_FORMS);
    if (!a.has(RATE_LIMIT)) {
      throw a.bad(RATE_LIMIT, RATE_FORMS, null);
    }
    String limit = a.optText(RATE_LIMIT, RATE_FORMS);
    return new RateLimit(task, limit == null || limit.isBlank() ? "0" : limit.trim());
  }

  @Override
  public String method() {
    return METHOD;
  }

  @Override
  public ObjectNode toArguments() {
    return JsonNodeFactory.instance.objectNode().put(TASK_NAME, task).put(RATE_LIMIT, limit);
  }

  static String checkTask(String method, String task) {
    if (task == null || task.isBlank()) {
      throw new CommandArgumentException(
          method,
          TASK_NAME,
          "argument '" + TASK_NAME + "' must be " + TASK_FORMS + ", was '" + task + "'");
    }
    return task.trim();
  }
}
