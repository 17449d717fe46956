package io.fennel.core.beat;

import java.util.ArrayList;
import java.util.List;

/** Says a {@link Crontab} in words for the console: "at 03:00 on mon-fri (Europe/Berlin)". */
final class CrontabWords {
  private static final String[] DAYS = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};

  private CrontabWords() {}

  static String describe(Crontab c) {
    String[] f = c.expression().split(" ");
    List<String> parts = new ArrayList<>();
    if (isNumber(f[0]) && isNumber(f[1])) {
      parts.add(String.format("at %02d:%02d", Integer.parseInt(f[1]), Integer.parseInt(f[0])));
    } else {
      parts.add(unit(f[0], "minute", "at minute "));
      if (!f[1].equals("*")) {
        parts.add(unit(f[1], "hour", "past hour "));
      }
    }
    if (!f[2].equals("*")) {
      parts.add("on day " + f[2] + " of the month");
    }
    if (!f[3].equals("*")) {
      parts.add("in month " + f[3]);
    }
    if (!f[4].equals("*")) {
      parts.add("on " + (isNumber(f[4]) ? DAYS[Integer.parseInt(f[4])] : f[4]));
    }
    return String.join(" ", parts) + " (" + c.zone().getId() + ")";
  }

  private static String unit(String field, String name, String fixed) {
    if (field.equals("*")) {
      return "every " + name;
    }
    if (field.startsWith("*/")) {
      return "every " + field.substring(2) + " " + name + "s";
    }
    return fixed + field;
  }

  private static boolean isNumber(String s) {
    return !s.isEmpty() && s.chars().allMatch(Character::isDigit);
  }
}
