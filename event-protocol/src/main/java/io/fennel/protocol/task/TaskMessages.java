package io.fennel.protocol.task;

/** Small helpers for building task messages the way Celery's client does. */
public final class TaskMessages {
  private TaskMessages() {}

  /** The {@code origin} header: {@code gen<pid>@<hostname>}. */
  public static String origin(long pid, String hostname) {
    return "gen" + pid + "@" + hostname;
  }

  /** The AMQP {@code expiration} Celery sets for {@code expires=seconds}: milliseconds, >= 0. */
  public static String expiration(double seconds) {
    return String.valueOf(Math.max(0L, (long) (seconds * 1000)));
  }
}
