package io.fennel.monitor.state;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One event in a task's life as the console keeps it: its type, when and where it happened, and the
 * event's own fields as strings. The fields are held as one flat key/value array (the values shared
 * with the task's merged fields where they are the same), which keeps 100,000 tasks with four
 * events each well under a kilobyte per task. Immutable.
 */
public final class TimelineEntry {
  private static final Object[] NONE = {};

  private final String type;
  private final double timestamp;
  private final String hostname;
  private final long clock;
  private final Object[] keysAndValues; // String keys; String values, or a task's runtime

  TimelineEntry(
      String type, double timestamp, String hostname, long clock, Object[] keysAndValues) {
    this.type = type;
    this.timestamp = timestamp;
    this.hostname = hostname;
    this.clock = clock;
    this.keysAndValues = keysAndValues.length == 0 ? NONE : keysAndValues;
  }

  /** The event type, e.g. {@code task-started}. */
  public String type() {
    return type;
  }

  /** When the sender sent it, epoch seconds. */
  public double timestamp() {
    return timestamp;
  }

  /** The sender's node name. */
  public String hostname() {
    return hostname;
  }

  /** The sender's Lamport clock. */
  public long clock() {
    return clock;
  }

  /** The event's type-specific fields in wire order, nulls left out. */
  public Map<String, String> fields() {
    Map<String, String> m = new LinkedHashMap<>();
    for (int i = 0; i < keysAndValues.length; i += 2) {
      m.put((String) keysAndValues[i], String.valueOf(keysAndValues[i + 1]));
    }
    return Collections.unmodifiableMap(m);
  }

  @Override
  public String toString() {
    return type + "@" + timestamp + " from " + hostname + " " + fields();
  }
}
