package io.fennel.core.task;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a method as a task. Its parameters are bound from the message's {@code args} by position
 * and {@code kwargs} by name (compile with {@code -parameters}); a {@link TaskContext} parameter
 * receives the running task's context. The return value is sent back as JSON.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface Task {
  /** The task's name on the wire, e.g. {@code "demo.add"}. */
  String name();

  /** Rate limit such as {@code "10/s"}; empty for the app's default. */
  String rateLimit() default "";

  /** How many retries before the task fails for good; -1 for no limit. */
  int maxRetries() default 3;

  /** Seconds to wait before a retry when the task does not say. */
  double defaultRetryDelay() default 180;

  /** Exceptions that retry the task by themselves. */
  Class<? extends Throwable>[] autoretryFor() default {};

  /** Exponential backoff for automatic retries: 1 s, 2 s, 4 s ... up to the max. */
  boolean retryBackoff() default false;

  /** The longest backoff, in seconds. */
  double retryBackoffMax() default 600;

  /** Randomize the backoff between 0 and the computed delay. */
  boolean retryJitter() default true;

  /** Acknowledge after the task ends: "true", "false", or "" for the app's setting. */
  String acksLate() default "";

  /** Store STARTED while it runs: "true", "false", or "" for the app's setting. */
  String trackStarted() default "";

  /** Store no result. */
  boolean ignoreResult() default false;

  /** Hard time limit in seconds: the task fails with TimeLimitExceeded; 0 for none. */
  double timeLimit() default 0;

  /**
   * Soft time limit in seconds: the task's thread is interrupted so it can clean up; 0 for none.
   */
  double softTimeLimit() default 0;
}
