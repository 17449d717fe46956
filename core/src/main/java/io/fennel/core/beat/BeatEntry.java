package io.fennel.core.beat;

import io.fennel.core.producer.SendOptions;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One periodic task, as an entry of Celery's {@code beat_schedule}: its name, the task to send, the
 * schedule, the arguments and the send options Celery's {@code options} take (queue, priority,
 * expires).
 *
 * @param expires how long after it is sent each run may still start (null: never expires)
 */
public record BeatEntry(
    String name,
    String task,
    Schedule schedule,
    List<Object> args,
    Map<String, Object> kwargs,
    String queue,
    Integer priority,
    Duration expires) {

  public BeatEntry {
    if (name == null || name.isBlank()) {
      throw new BeatConfigException("a beat entry needs a name");
    }
    if (task == null || task.isBlank()) {
      throw new BeatConfigException(
          "beat entry '" + name + "' has no task; set beat_schedule." + name + ".task");
    }
    if (schedule == null) {
      throw new BeatConfigException(
          "beat entry '" + name + "' has no schedule; set beat_schedule." + name + ".schedule");
    }
    args = Collections.unmodifiableList(new ArrayList<>(args == null ? List.of() : args));
    kwargs = Collections.unmodifiableMap(new LinkedHashMap<>(kwargs == null ? Map.of() : kwargs));
    if (priority != null && (priority < 0 || priority > 255)) {
      throw new BeatConfigException(
          "beat entry '" + name + "' has priority " + priority + "; it must be between 0 and 9");
    }
    if (expires != null && (expires.isNegative() || expires.isZero())) {
      throw new BeatConfigException(
          "beat entry '" + name + "' has expires " + expires + "; it must be > 0 seconds");
    }
  }

  /** A builder of an entry named {@code name}. */
  public static Builder named(String name) {
    return new Builder(name);
  }

  /** How each run is sent: queue, priority and expiry of this entry, a fresh task id. */
  SendOptions sendOptions(String taskId) {
    SendOptions.Builder b = SendOptions.builder().taskId(taskId);
    if (queue != null) {
      b.queue(queue);
    }
    if (priority != null) {
      b.priority(priority);
    }
    if (expires != null) {
      b.expires(expires);
    }
    return b.build();
  }

  /** Builds a {@link BeatEntry} in Java code. */
  public static final class Builder {
    private final String name;
    private String task;
    private Schedule schedule;
    private List<Object> args = List.of();
    private Map<String, Object> kwargs = Map.of();
    private String queue;
    private Integer priority;
    private Duration expires;

    private Builder(String name) {
      this.name = name;
    }

    public Builder task(String t) {
      task = t;
      return this;
    }

    public Builder schedule(Schedule s) {
      schedule = s;
      return this;
    }

    /** Runs every {@code d}. */
    public Builder every(Duration d) {
      return schedule(new Interval(d));
    }

    /** Runs on a five-field crontab read in {@code zone}. */
    public Builder crontab(String expression, ZoneId zone) {
      return schedule(Crontab.parse(expression, zone));
    }

    /** Runs once at {@code at}. */
    public Builder at(Instant at) {
      return schedule(new OneOff(at));
    }

    public Builder args(Object... a) {
      args = java.util.Arrays.asList(a);
      return this;
    }

    public Builder args(List<?> a) {
      args = new ArrayList<>(a);
      return this;
    }

    public Builder kwargs(Map<String, ?> k) {
      kwargs = new LinkedHashMap<>(k);
      return this;
    }

    public Builder queue(String q) {
      queue = q;
      return this;
    }

    public Builder priority(int p) {
      priority = p;
      return this;
    }

    public Builder expires(Duration d) {
      expires = d;
      return this;
    }

    /**
     * The entry.
     *
     * @throws BeatConfigException naming the entry and what is missing or wrong
     */
    public BeatEntry build() {
      return new BeatEntry(name, task, schedule, args, kwargs, queue, priority, expires);
    }
  }
}
