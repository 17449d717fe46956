package io.fennel.protocol.control;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * {@code time_limit}: a task type's new soft and hard time limits in seconds. Each may come as an
 * int, a float or a numeric string; null, missing or 0 means none, as Celery reads a falsy limit.
 *
 * @param task the task name
 * @param soft seconds before {@code SoftTimeLimitExceeded} is raised in the task, or null
 * @param hard seconds before the task is abandoned, or null
 */
public record TimeLimit(String task, Double soft, Double hard) implements Command {
  /** The method on the wire. */
  public static final String METHOD = "time_limit";

  static final String SOFT = "soft";
  static final String HARD = "hard";

  public TimeLimit {
    task = RateLimit.checkTask(METHOD, task);
    check(SOFT, soft);
    check(HARD, hard);
  }

  static TimeLimit read(Arguments a) {
    return new TimeLimit(
        a.text(RateLimit.TASK_NAME, RateLimit.TASK_FORMS), a.seconds(SOFT), a.seconds(HARD));
  }

  @Override
  public String method() {
    return METHOD;
  }

  @Override
  public ObjectNode toArguments() {
    ObjectNode o = JsonNodeFactory.instance.objectNode().put(RateLimit.TASK_NAME, task);
    if (soft == null) {
      o.putNull(SOFT);
    } else {
      o.put(SOFT, soft);
    }
    if (hard == null) {
      o.putNull(HARD);
    } else {
      o.put(HARD, hard);
    }
    return o;
  }

  private static void check(String name, Double seconds) {
    if (seconds != null && !(seconds > 0 && !seconds.isInfinite())) {
      throw new CommandArgumentException(
          METHOD,
          name,
          "argument '" + name + "' must be a number of seconds > 0 or null, was " + seconds);
    }
  }
}
