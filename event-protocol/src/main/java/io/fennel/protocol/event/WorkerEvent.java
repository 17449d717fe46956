package io.fennel.protocol.event;

import java.util.List;
import java.util.Optional;

/** An event about a worker's life: online, heartbeat, offline; all carry the same worker facts. */
public sealed interface WorkerEvent extends Event
    permits WorkerOnline, WorkerHeartbeat, WorkerOffline {

  /** Seconds between heartbeats ({@code 2.0} for Celery). */
  double freq();

  /** Tasks executing right now. */
  int active();

  /** Tasks this worker has finished since it started. */
  long processed();

  /** The host's 1, 5 and 15 minute load averages, or null. */
  List<Double> loadavg();

  /** Software name, {@code py-celery} for Celery. */
  String swIdent();

  /** Software version, e.g. {@code 5.2.6}. */
  String swVer();

  /** Operating system, e.g. {@code Linux}. */
  String swSys();

  /** The canonical constructor the three worker event records share. */
  @FunctionalInterface
  interface Constructor {
    WorkerEvent make(
        EventFields fields,
        double freq,
        int active,
        long processed,
        List<Double> loadavg,
        String swIdent,
        String swVer,
        String swSys,
        java.util.Map<String, com.fasterxml.jackson.databind.JsonNode> extra);
  }

  /** Fennel's own worker fields (queues, pool, concurrency); empty for other workers' events. */
  default Optional<FennelWorkerInfo> fennelInfo() {
    return FennelWorkerInfo.read(extra());
  }
}
