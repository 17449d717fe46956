package io.fennel.monitor.state;

/**
 * What bounds the console's memory, whatever the wire sends: tasks kept, distinct task names
 * counted by name (the rest count under {@value #OTHER}), workers known, and bytes kept per text
 * field of a task.
 *
 * @param maxTasks tasks kept; the oldest go first
 * @param maxTaskNames task names with counts and metrics of their own
 * @param maxWorkers workers known at once; events from further host names are refused
 * @param maxFieldBytes bytes of UTF-8 kept of each of args, kwargs, result, exception, traceback
 */
public record StateLimits(int maxTasks, int maxTaskNames, int maxWorkers, int maxFieldBytes) {
  /** The name tasks past {@code maxTaskNames} are counted under. */
  public static final String OTHER = "other";

  /** Default bytes kept per field: 64 KiB. */
  public static final int DEFAULT_FIELD_BYTES = 64 * 1024;

  /** Default task names counted on their own. */
  public static final int DEFAULT_TASK_NAMES = 1_000;

  /** Default workers known at once. */
  public static final int DEFAULT_WORKERS = 10_000;

  /** Checks every bound, naming the bad one. */
  public StateLimits {
    if (maxTasks < 1) {
      throw new IllegalArgumentException("max tasks must be >= 1, was " + maxTasks);
    }
    if (maxTaskNames < 1) {
      throw new IllegalArgumentException("max task names must be >= 1, was " + maxTaskNames);
    }
    if (maxWorkers < 1) {
      throw new IllegalArgumentException("max workers must be >= 1, was " + maxWorkers);
    }
    if (maxFieldBytes < 16) {
      throw new IllegalArgumentException("max field bytes must be >= 16, was " + maxFieldBytes);
    }
  }

  /** The defaults with {@code maxTasks} tasks. */
  public static StateLimits of(int maxTasks) {
    return new StateLimits(maxTasks, DEFAULT_TASK_NAMES, DEFAULT_WORKERS, DEFAULT_FIELD_BYTES);
  }
}
