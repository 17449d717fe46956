package io.fennel.monitor.state;

import io.fennel.protocol.event.Event;
import io.fennel.protocol.event.TaskEvent;
import io.fennel.protocol.event.TaskSucceeded;
import io.fennel.protocol.event.UnknownEvent;
import io.fennel.protocol.event.WorkerEvent;

/**
 * Whether one event's values are in range before the state takes it: finite timestamps between 2000
 * and a day from now, a non-empty host name and task id of sane length, finite non-negative
 * runtimes, frequencies and loads. An event out of range is refused alone; the events batched with
 * it still count.
 */
final class EventCheck {
  /** 2000-01-01T00:00:00Z: nothing Fennel or Celery sends is older. */
  static final double EARLIEST = 946_684_800.0;

  /** How far ahead of the console's clock an event may be dated (clock skew), in seconds. */
  static final double MAX_AHEAD = 86_400.0;

  /** The longest host name, task id or task name taken. */
  static final int MAX_NAME = 1_024;

  private EventCheck() {}

  /** Why {@code e} is refused at {@code now} (epoch seconds), or null when it is in range. */
  static String problem(Event e, double now) {
    if (e instanceof UnknownEvent) {
      return null;
    }
    double ts = e.timestamp();
    if (!Double.isFinite(ts) || ts < EARLIEST || ts > now + MAX_AHEAD) {
      return "timestamp " + ts + " is not a time between 2000 and a day from now";
    }
    String host = e.hostname();
    if (host == null || host.isBlank()) {
      return "hostname is empty";
    }
    if (host.length() > MAX_NAME) {
      return "hostname is " + host.length() + " characters long (at most " + MAX_NAME + ")";
    }
    return switch (e) {
      case TaskEvent t -> task(t);
      case WorkerEvent w -> worker(w);
      case UnknownEvent u -> null;
    };
  }

  private static String task(TaskEvent t) {
    if (t.uuid() == null || t.uuid().isBlank()) {
      return "task id (uuid) is empty";
    }
    if (t.uuid().length() > MAX_NAME) {
      return "task id is " + t.uuid().length() + " characters long (at most " + MAX_NAME + ")";
    }
    if (t instanceof TaskSucceeded s && s.runtime() != null) {
      double r = s.runtime();
      if (!Double.isFinite(r) || r < 0 || r > MAX_AHEAD * 365) {
        return "runtime " + r + " is not a number of seconds >= 0";
      }
    }
    return null;
  }

  private static String worker(WorkerEvent w) {
    double f = w.freq();
    if (!Double.isFinite(f) || f < 0 || f > MAX_AHEAD) {
      return "freq " + f + " is not a number of seconds between 0 and a day";
    }
    if (w.active() < 0 || w.processed() < 0) {
      return "active " + w.active() + " / processed " + w.processed() + " must be >= 0";
    }
    if (w.loadavg() != null) {
      if (w.loadavg().size() > 3) {
        return "loadavg has " + w.loadavg().size() + " values (at most 3)";
      }
      for (Double d : w.loadavg()) {
        if (d == null || !Double.isFinite(d) || d < 0) {
          return "loadavg " + w.loadavg() + " holds a value that is not a number >= 0";
        }
      }
    }
    return null;
  }
}
