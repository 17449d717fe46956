package io.fennel.core.config;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/**
 * Setting names: the list Fennel knows, and for a name it does not know the closest known one, so a
 * typo ({@code task_acks_lat}) is reported with what was meant ({@code task_acks_late}).
 */
public final class SettingNames {
  private SettingNames() {}

  /** The settings kept in {@link FennelConfig#extra()} and read by their own typed records. */
  static final List<String> EXTRA = joinLists(WireSettings.NAMES, BrokerSettings.NAMES);

  /** Checks a value of one of the {@link #EXTRA} settings as it is set. */
  static void check(String name, String value) {
    WireSettings.check(name, value);
    BrokerSettings.check(name, value);
  }

  private static List<String> joinLists(List<String> a, List<String> b) {
    List<String> all = new ArrayList<>(a);
    all.addAll(b);
    return List.copyOf(all);
  }

  /** {@code names} followed by {@code more}, as one unmodifiable list. */
  static List<String> join(List<String> more, String... names) {
    List<String> all = new ArrayList<>(List.of(names));
    all.addAll(more);
    return List.copyOf(all);
  }

  /**
   * The known name closest to {@code name} when it is close enough to be a typo: at most a third of
   * its letters differ (edits of one letter each, Levenshtein).
   */
  public static Optional<String> closest(String name, Collection<String> known) {
    String best = null;
    int bestDistance = Integer.MAX_VALUE;
    for (String k : known) {
      int d = distance(name, k);
      if (d < bestDistance) {
        best = k;
        bestDistance = d;
      }
    }
    return best != null && bestDistance <= Math.max(2, name.length() / 3)
        ? Optional.of(best)
        : Optional.empty();
  }

  /**
   * What to say of a name Fennel does not know: "unknown setting 'task_acks_lat'; did you mean
   * task_acks_late?", or without the question when nothing is close.
   */
  public static String unknown(String name, Collection<String> known) {
    return "unknown setting '"
        + name
        + "'"
        + closest(name, known).map(k -> "; did you mean " + k + "?").orElse(" (Fennel ignores it)");
  }

  private static int distance(String a, String b) {
    int[] prev = new int[b.length() + 1];
    int[] cur = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) {
      prev[j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      cur[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
        cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
      }
      int[] t = prev;
      prev = cur;
      cur = t;
    }
    return prev[b.length()];
  }
}
