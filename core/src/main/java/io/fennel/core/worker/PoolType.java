package io.fennel.core.worker;

import java.util.Locale;

/** How a worker runs tasks: platform threads, virtual threads, or one at a time. */
public enum PoolType {
  /** Platform threads, {@code concurrency} of them (the default). */
  THREADS,
  /** A virtual thread per task, at most {@code concurrency} at once: for I/O-bound tasks. */
  VIRTUAL,
  /** One task at a time. */
  SOLO;

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
          "unknown pool '" + name + "'; choose threads, virtual or solo");
    }
  }

  /** The name as Celery's {@code stats} shows a pool implementation. */
  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }
}
