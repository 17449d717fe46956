package io.fennel.monitor.state;

import java.util.List;

/**
 * What the console knows about one worker at one moment, from its online, heartbeat and offline
 * events.
 *
 * @param hostname the node name, e.g. {@code celery@host}
 * @param online whether a heartbeat came within 2 x {@code freq}
 * @param pid its process id, or null
 * @param freq seconds between its heartbeats
 * @param active tasks executing, as it last reported
 * @param processed tasks it finished since it started
 * @param prefetched tasks it received and has not started yet, as seen in events
 * @param loadavg the host's load averages, or empty
 * @param swIdent software name
 * @param swVer software version
 * @param swSys operating system
 * @param lastHeartbeat when its last worker event was sent, epoch seconds
 * @param clock its last Lamport clock
 * @param utcoffset its offset from UTC in hours, or null
 * @param queues the queues it consumes, when it said so (Fennel workers), else empty
 * @param pool its pool kind, when known
 * @param concurrency its pool size, when known
 * @param prefetchedByTask of {@code prefetched}, how many by task name (as counted, see {@link
 *     TaskView#countedAs()})
 * @param succeeded tasks it reported succeeded (events seen by this console)
 * @param failed tasks it reported failed
 * @param retried retries it reported
 */
public record WorkerView(
    String hostname,
    boolean online,
    Integer pid,
    double freq,
    int active,
    long processed,
    int prefetched,
    List<Double> loadavg,
    String swIdent,
    String swVer,
    String swSys,
    double lastHeartbeat,
    long clock,
    Integer utcoffset,
    List<String> queues,
    String pool,
    Integer concurrency,
    java.util.Map<String, Integer> prefetchedByTask,
    long succeeded,
    long failed,
    long retried) {}
