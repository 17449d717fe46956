package io.fennel.monitor.state;

import io.fennel.protocol.WireNames;
import io.fennel.protocol.event.WorkerEvent;
import io.fennel.protocol.event.WorkerOffline;
import java.util.List;

/** The mutable record of one worker inside {@link ClusterState}; guarded by the state's lock. */
final class WorkerRecord {
  final String hostname;
  boolean online;
  Integer pid;
  double freq = WireNames.HEARTBEAT_INTERVAL.toMillis() / 1000.0;
  int active;
  long processed;
  int prefetched;
  List<Double> loadavg = List.of();
  String swIdent;
  String swVer;
  String swSys;
  double lastHeartbeat;
  long clock;
  Integer utcoffset;
  List<String> queues = List.of();
  String pool;
  Integer concurrency;

  /** Prefetched tasks by the name they are counted under (bounded by the task-name bound). */
  final java.util.Map<String, Integer> prefetchedByTask = new java.util.TreeMap<>();

  /** Tasks it reported succeeded, failed and retried (as events say, since the console started). */
  final long[] outcomes = new long[3];

  /** When it was last seen going offline, epoch seconds; 0 while online. */
  double offlineSince;

  WorkerRecord(String hostname) {
    this.hostname = hostname;
  }

  /** Merges a worker event; older events than the newest seen only fill gaps. */
  void merge(WorkerEvent e, double now) {
    if (e.timestamp() < lastHeartbeat) {
      return;
    }
    // a heartbeat dated ahead of the console's clock counts as sent now, so it cannot keep a
    // worker online past its real last heartbeat
    lastHeartbeat = Math.min(e.timestamp(), now);
    clock = Math.max(clock, e.clock());
    pid = e.pid();
    utcoffset = e.utcoffset();
    if (e.freq() > 0) {
      freq = e.freq();
    }
    active = e.active();
    processed = e.processed();
    loadavg = e.loadavg() == null ? List.of() : e.loadavg();
    swIdent = e.swIdent();
    swVer = e.swVer();
    swSys = e.swSys();
    e.fennelInfo()
        .ifPresent(info -> {
          queues = info.queues();
          if (info.pool() != null) {
            pool = info.pool();
          }
          if (info.concurrency() > 0) {
            concurrency = info.concurrency();
          }
        });
    setOnline(!(e instanceof WorkerOffline) && !WireNames.isOffline(lastHeartbeat, freq, now), now);
  }

  /** Counts a success, failure or retry this worker reported. */
  void count(io.fennel.protocol.event.TaskEvent e) {
    int kind =
        e instanceof io.fennel.protocol.event.TaskSucceeded
            ? 0
            : e instanceof io.fennel.protocol.event.TaskFailed
                ? 1
                : e instanceof io.fennel.protocol.event.TaskRetried ? 2 : -1;
    if (kind >= 0) {
      outcomes[kind]++;
    }
  }

  void prefetch(String taskName) {
    prefetched++;
    prefetchedByTask.merge(taskName, 1, Integer::sum);
  }

  void unprefetch(String taskName) {
    if (prefetched > 0) {
      prefetched--;
    }
    // kept at zero (so its gauge reads 0, not absent) until the name is dropped
    prefetchedByTask.computeIfPresent(taskName, (k, n) -> Math.max(0, n - 1));
  }

  /** Sets online; returns whether it changed. */
  boolean setOnline(boolean up, double now) {
    boolean changed = online != up;
    online = up;
    if (up) {
      offlineSince = 0;
    } else if (changed || offlineSince == 0) {
      offlineSince = now;
    }
    return changed;
  }

  WorkerView view() {
    return new WorkerView(
        hostname,
        online,
        pid,
        freq,
        active,
        processed,
        prefetched,
        loadavg,
        swIdent,
        swVer,
        swSys,
        lastHeartbeat,
        clock,
        utcoffset,
        queues,
        pool,
        concurrency,
        java.util.Map.copyOf(prefetchedByTask),
        outcomes[0],
        outcomes[1],
        outcomes[2]);
  }
}
