package io.fennel.core.worker;

import java.util.Locale;

/** How a worker runs tasks: platform threads, virtual threads, one at a time, or child JVMs. */
public enum PoolType {
  /** Platform threads, {@code concurrency} of them (the default). */
  THREADS,
  /** A virtual thread per task, at most {@code concurrency} at once: for I/O-bound tasks. */
  VIRTUAL,
  /** One task at a time. */
  SOLO,
  /**
   * A child JVM per slot, each running one task at a time: a hard time limit kills the child, so a
   * runaway task gives back its CPU and memory.
   */
  PROCESS;

  /**
   * The pool named on the command line.
   *
   * @throws IllegalArgumentException naming the value and the choices
   */
  public static PoolType parse(String name) {
    try {
      return valueOf(name.trim().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException | NullPointerException e) {
      throw new IllegalArgumentException(
          "unknown pool '" + name + "'; choose threads, virtual, solo or process");
    }
  }

  /** The name as Celery's {@code stats} shows a pool implementation. */
  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }
}
