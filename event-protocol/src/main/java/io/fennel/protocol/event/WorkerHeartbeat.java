package io.fennel.protocol.event;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * {@code worker-heartbeat}: a worker is alive (every {@code freq} seconds).
 *
 * @param fields the fields every event carries
 * @param freq seconds between heartbeats
 * @param active tasks executing right now
 * @param processed tasks finished since the worker started
 * @param loadavg the host's 1, 5 and 15 minute load averages, or null
 * @param swIdent software name, {@code py-celery} for Celery
 * @param swVer software version
 * @param swSys operating system
 * @param extra fields not modelled here, in arrival order
 */
public record WorkerHeartbeat(
    EventFields fields,
    double freq,
    int active,
    long processed,
    List<Double> loadavg,
    String swIdent,
    String swVer,
    String swSys,
    Map<String, JsonNode> extra)
    implements WorkerEvent {

  /** The type on the wire. */
  public static final String TYPE = "worker-heartbeat";

  public WorkerHeartbeat {
    Objects.requireNonNull(fields, "fields");
    loadavg = loadavg == null ? null : List.copyOf(loadavg);
    extra = Extras.copy(extra);
  }

  /** The event with no unmodelled fields. */
  public WorkerHeartbeat(
      EventFields fields,
      double freq,
      int active,
      long processed,
      List<Double> loadavg,
      String swIdent,
      String swVer,
      String swSys) {
    this(fields, freq, active, processed, loadavg, swIdent, swVer, swSys, Map.of());
  }

  @Override
  public String type() {
    return TYPE;
  }
}
