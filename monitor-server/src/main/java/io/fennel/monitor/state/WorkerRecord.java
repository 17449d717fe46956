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
    lastHeartbeat = e.timestamp();
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
        concurrency);
  }
}
