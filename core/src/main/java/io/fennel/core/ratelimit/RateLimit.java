package io.fennel.core.ratelimit;

import io.fennel.core.error.ConfigException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A rate as Celery writes it: {@code "10/s"}, {@code "100/m"}, {@code "1000/h"} or a bare number
 * (per second). Zero means no limit.
 */
public record RateLimit(double perSecond, String text) {
  private static final Pattern FORM =
      Pattern.compile("\\s*(\\d+(?:\\.\\d+)?)\\s*(?:/\\s*([smh]))?\\s*");

  /** No limit. */
  public static final RateLimit NONE = new RateLimit(0, "0");

  /** Whether this limit restricts anything. */
  public boolean limited() {
    return perSecond > 0;
  }

  /**
   * Parses a rate.
   *
   * @throws ConfigException naming {@code what} and the text when it is not a rate
   */
  public static RateLimit parse(String what, String text) {
    if (text == null || text.isBlank()) {
      return NONE;
    }
    Matcher m = FORM.matcher(text);
    if (!m.matches()) {
      throw new ConfigException(
          what
              + " must look like 10/s, 100/m or 1000/h (a number per second, minute or hour),"
              + " was '"
              + text
              + "'");
    }
    double n = Double.parseDouble(m.group(1));
    String unit = m.group(2) == null ? "s" : m.group(2);
    double perSecond =
        switch (unit) {
          case "m" -> n / 60.0;
          case "h" -> n / 3600.0;
          default -> n;
        };
    return new RateLimit(perSecond, text.trim());
  }
}
