package io.fennel.core.worker;

import io.fennel.core.config.FennelConfig;
import io.fennel.core.task.TaskDefinition;
import io.fennel.protocol.task.TimeLimit;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The time limits of a task run, from (first that is set) the message's {@code timelimit} header, a
 * limit set at runtime ({@code time_limit} control command), the task's own options, and the app's
 * {@code task_time_limit} / {@code task_soft_time_limit}.
 */
final class TimeLimits {
  /** Soft and hard limits in seconds; null for none. */
  record Limits(Double soft, Double hard) {}

  private final FennelConfig config;
  private final Map<String, Limits> runtime = new ConcurrentHashMap<>();

  TimeLimits(FennelConfig config) {
    this.config = config;
  }

  void set(String task, Double soft, Double hard) {
    if (soft != null && soft <= 0 || hard != null && hard <= 0) {
      throw new IllegalArgumentException(
          "time limits must be positive seconds, were soft=" + soft + " hard=" + hard);
    }
    if (soft == null && hard == null) {
      runtime.remove(task);
    } else {
      runtime.put(task, new Limits(soft, hard));
    }
  }

  Limits runtime(String task) {
    return runtime.get(task);
  }

  Limits of(TaskRequest r) {
    TimeLimit header = r.message().headers().timelimit();
    Limits set = runtime.get(r.name());
    TaskDefinition def = r.definition();
    Double hard =
        first(
            header == null ? null : number(header.hard()),
            set == null ? null : set.hard(),
            def == null ? null : def.options().timeLimit(),
            config.taskTimeLimit());
    Double soft =
        first(
            header == null ? null : number(header.soft()),
            set == null ? null : set.soft(),
            def == null ? null : def.options().softTimeLimit(),
            config.taskSoftTimeLimit());
    return new Limits(soft, hard);
  }

  private static Double number(Number n) {
    return n == null ? null : n.doubleValue();
  }

  private static Double first(Double... values) {
    for (Double v : values) {
      if (v != null && v > 0) {
        return v;
      }
    }
    return null;
  }
}
