package io.fennel.core.worker;

/**
 * {@code --autoscale MAX,MIN}: the pool keeps at least {@code min} slots, grows towards {@code max}
 * while tasks wait, and shrinks back when idle.
 */
public record Autoscale(int max, int min) {
  public Autoscale {
    if (max < 1) {
      throw new IllegalArgumentException("autoscale max must be >= 1, was " + max);
    }
    if (min < 0 || min > max) {
      throw new IllegalArgumentException(
          "autoscale min must be between 0 and max (" + max + "), was " + min);
    }
  }

  /**
   * Parses {@code MAX,MIN} (or just {@code MAX}, with min 0), as Celery's option reads it.
   *
   * @throws IllegalArgumentException naming the value and an example
   */
  public static Autoscale parse(String text) {
    String[] parts = text == null ? new String[0] : text.trim().split("\\s*,\\s*");
    try {
      if (parts.length == 1 && !parts[0].isEmpty()) {
        return new Autoscale(Integer.parseInt(parts[0]), 0);
      }
      if (parts.length == 2) {
        int a = Integer.parseInt(parts[0]);
        int b = Integer.parseInt(parts[1]);
        return new Autoscale(Math.max(a, b), Math.min(a, b));
      }
    } catch (NumberFormatException e) {
      // fall through to the message below
    }
    throw new IllegalArgumentException(
        "--autoscale takes MAX,MIN (e.g. --autoscale 10,3), was '" + text + "'");
  }
}
