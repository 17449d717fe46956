package io.fennel.monitor.state;

import java.util.HashMap;
import java.util.Map;

/**
 * Shares one String instance per distinct short value that repeats across tasks (host names, task
 * names, states of arguments like {@code ()}), so 100,000 tasks don't hold 100,000 copies. Bounded:
 * once full it stops adding and hands values back as they are. Not thread-safe: used under the
 * cluster state's lock.
 */
final class Interner {
  private final Map<String, String> values = new HashMap<>();
  private final int max;

  Interner(int max) {
    this.max = max;
  }

  String intern(String s) {
    if (s == null || s.length() > 64) {
      return s;
    }
    String known = values.get(s);
    if (known != null) {
      return known;
    }
    if (values.size() < max) {
      values.put(s, s);
    }
    return s;
  }
}
