package io.fennel.core.task;

import io.fennel.core.ratelimit.RateLimit;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Turns the {@link Task}-annotated methods of an object (or class) into task definitions. */
public final class AnnotatedTasks {
  private AnnotatedTasks() {}

  /**
   * The tasks declared by {@code target}'s annotated methods; static methods too when {@code
   * target} is a {@link Class}.
   */
  public static List<TaskDefinition> of(Object target) {
    Class<?> type = target instanceof Class<?> c ? c : target.getClass();
    Object receiver = target instanceof Class<?> ? null : target;
    List<TaskDefinition> out = new ArrayList<>();
    for (Method m : type.getMethods()) {
      Task t = m.getAnnotation(Task.class);
      if (t == null) {
        continue;
      }
      if (receiver == null && !Modifier.isStatic(m.getModifiers())) {
        throw new IllegalArgumentException(
            "task "
                + t.name()
                + " is the instance method "
                + m
                + "; register an instance of "
                + type.getName()
                + ", or make the method static");
      }
      out.add(new TaskDefinition(t.name(), handler(receiver, m, m), options(t)));
    }
    return out;
  }

  /**
   * The tasks declared by the annotated instance methods of {@code type}, each called on {@code
   * receiver}: for a receiver that wraps an instance of {@code type}, such as a Spring proxy, so
   * that the wrapper's advice (transactions, security) runs around every task. Arguments bind by
   * the annotated method's parameters; a receiver that is not an instance of {@code type} (an
   * interface proxy) is called through its public method of the same signature.
   *
   * @throws IllegalArgumentException when the receiver has no public method for a task
   */
  public static List<TaskDefinition> of(Object receiver, Class<?> type) {
    List<TaskDefinition> out = new ArrayList<>();
    for (Method m : type.getMethods()) {
      Task t = m.getAnnotation(Task.class);
      if (t == null || Modifier.isStatic(m.getModifiers())) {
        continue;
      }
      Method invoked = m;
      if (!type.isInstance(receiver)) {
        try {
          invoked = receiver.getClass().getMethod(m.getName(), m.getParameterTypes());
        } catch (NoSuchMethodException e) {
          throw new IllegalArgumentException(
              "task "
                  + t.name()
                  + " is "
                  + m
                  + ", but "
                  + receiver.getClass().getName()
                  + " has no such public method; declare it on an interface the wrapper"
                  + " implements, or wrap the class itself",
              e);
        }
      }
      out.add(new TaskDefinition(t.name(), handler(receiver, m, invoked), options(t)));
    }
    return out;
  }

  static TaskOptions options(Task t) {
    TaskOptions o =
        TaskOptions.DEFAULTS
            .withMaxRetries(t.maxRetries())
            .withDefaultRetryDelay(seconds(t.defaultRetryDelay()))
            .withAutoretry(
                Arrays.asList(t.autoretryFor()),
                t.retryBackoff(),
                seconds(t.retryBackoffMax()),
                t.retryJitter())
            .withAcksLate(triState(t.acksLate(), t.name(), "acksLate"))
            .withTrackStarted(triState(t.trackStarted(), t.name(), "trackStarted"))
            .withIgnoreResult(t.ignoreResult());
    if (t.timeLimit() > 0 || t.softTimeLimit() > 0) {
      o =
          o.withTimeLimits(
              t.timeLimit() > 0 ? t.timeLimit() : null,
              t.softTimeLimit() > 0 ? t.softTimeLimit() : null);
    }
    if (!t.rateLimit().isEmpty()) {
      o = o.withRateLimit(RateLimit.parse("rate limit of task " + t.name(), t.rateLimit()));
    }
    return o;
  }

  private static Duration seconds(double s) {
    return Duration.ofMillis((long) (s * 1000));
  }

  private static Boolean triState(String v, String task, String what) {
    return switch (v) {
      case "" -> null;
      case "true" -> true;
      case "false" -> false;
      default ->
          throw new IllegalArgumentException(
              "@Task(" + what + ") of " + task + " must be \"true\", \"false\" or \"\", was " + v);
    };
  }

  private static TaskHandler handler(Object receiver, Method m, Method invoked) {
    ArgumentBinder binder = new ArgumentBinder(receiver, m, invoked);
    return binder::invoke;
  }
}
