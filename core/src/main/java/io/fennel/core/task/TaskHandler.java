package io.fennel.core.task;

/**
 * The body of a task written as a lambda: it reads its arguments from the call and returns a value
 * that Fennel encodes as JSON. Throwing fails the task (or retries it, by its options).
 */
@FunctionalInterface
public interface TaskHandler {
  Object run(TaskCall call) throws Exception;
}
