package io.fennel.core.beat;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * One of a crontab's five fields and its parser, with the syntax Celery's {@code crontab} takes:
 * {@code *}, numbers, names (weekdays; months too, as in cron), ranges {@code a-b} (a range whose
 * end is below its start wraps around, {@code fri-mon}), steps {@code *}{@code /n} and {@code
 * a-b/n}, and lists of these joined by commas. A field is parsed into a bit set.
 */
enum CronField {
  MINUTE("minute", 0, 59, List.of()),
  HOUR("hour", 0, 23, List.of()),
  DAY_OF_MONTH("day of month", 1, 31, List.of()),
  MONTH(
      "month",
      1,
      12,
      List.of("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")),
  DAY_OF_WEEK("day of week", 0, 6, List.of("sun", "mon", "tue", "wed", "thu", "fri", "sat"));

  final String label;
  final int min;
  final int max;
  private final List<String> names;

  CronField(String label, int min, int max, List<String> names) {
    this.label = label;
    this.min = min;
    this.max = max;
    this.names = names;
  }

  /** Every value of the field, as a bit set. */
  long all() {
    long m = 0;
    for (int i = min; i <= max; i++) {
      m |= 1L << i;
    }
    return m;
  }

  /**
   * Parses one field into a bit set (bit {@code i} set when value {@code i} matches).
   *
   * @throws BeatConfigException naming the field, the value and the rule
   */
  long parse(String text) {
    if (text == null || text.isBlank()) {
      throw bad(text, "the field is empty");
    }
    long mask = 0;
    for (String part : text.split(",", -1)) {
      if (part.isEmpty()) {
        throw bad(text, "a list has an empty part");
      }
      mask |= parsePart(text, part);
    }
    return mask;
  }

  private long parsePart(String whole, String part) {
    String range = part;
    int step = 1;
    int slash = part.indexOf('/');
    if (slash >= 0) {
      range = part.substring(0, slash);
      String s = part.substring(slash + 1);
      try {
        step = Integer.parseInt(s);
      } catch (NumberFormatException e) {
        throw bad(whole, "a step after '/' must be a whole number, was '" + s + "'");
      }
      if (step < 1) {
        throw bad(whole, "a step must be >= 1, was " + step);
      }
      if (!range.equals("*") && range.indexOf('-') < 0) {
        throw bad(
            whole,
            "a step applies to '*' or a range a-b (write " + range + "-" + max + "/" + step + ")");
      }
    }
    List<Integer> values = new ArrayList<>();
    if (range.equals("*")) {
      for (int i = min; i <= max; i++) {
        values.add(i);
      }
    } else {
      int dash = range.indexOf('-', 1);
      int from = number(whole, dash < 0 ? range : range.substring(0, dash));
      int to = dash < 0 ? from : number(whole, range.substring(dash + 1));
      if (to >= from) {
        for (int i = from; i <= to; i++) {
          values.add(i);
        }
      } else {
        for (int i = from; i <= max; i++) {
          values.add(i);
        }
        for (int i = min; i <= to; i++) {
          values.add(i);
        }
      }
    }
    long mask = 0;
    for (int i = 0; i < values.size(); i += step) {
      mask |= 1L << values.get(i);
    }
    return mask;
  }

  private int number(String whole, String token) {
    if (token.startsWith("-")) {
      throw bad(whole, "negative numbers are not allowed");
    }
    int value;
    try {
      value = Integer.parseInt(token);
    } catch (NumberFormatException e) {
      String key = token.length() >= 3 ? token.substring(0, 3).toLowerCase(Locale.ROOT) : token;
      int at = names.indexOf(key);
      if (at < 0 || token.isEmpty()) {
        throw bad(
            whole,
            "'"
                + token
                + "' is not a number"
                + (names.isEmpty() ? "" : " nor a name (" + String.join(", ", names) + ")"));
      }
      value = at + min;
    }
    if (value < min || value > max) {
      throw bad(whole, value + " is out of range " + min + "-" + max + hint());
    }
    return value;
  }

  private String hint() {
    return this == DAY_OF_WEEK ? " (0 is Sunday; 7 is not accepted, write 0 or sun)" : "";
  }

  private BeatConfigException bad(String value, String rule) {
    return new BeatConfigException(
        "crontab "
            + label
            + " field '"
            + value
            + "': "
            + rule
            + "; the field takes "
            + min
            + "-"
            + max
            + (names.isEmpty() ? "" : " or names")
            + ", '*', ranges a-b, steps */n or a-b/n"
            + " and lists joined by ','");
  }
}
