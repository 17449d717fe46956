package io.fennel.monitor.sse;

import io.fennel.monitor.http.ApiJson;
import io.fennel.monitor.queues.QueueSample;
import io.fennel.monitor.state.ClusterState;
import io.fennel.monitor.state.StateListener;
import io.fennel.monitor.state.TaskView;
import io.fennel.monitor.state.WorkerView;
import io.fennel.protocol.event.TaskEvent;
import io.fennel.protocol.event.WorkerEvent;
import io.javalin.http.sse.SseClient;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Fans state changes out to every browser on {@code /api/events/stream} as server-sent events:
 * {@code task}, {@code worker}, {@code worker-purged}, {@code queue} and {@code counters}, each
 * with a JSON body. Each change is written to JSON once, whatever the number of browsers, and not
 * at all when none is connected.
 */
public final class SseHub implements StateListener, AutoCloseable {
  private final ClusterState state;
  private final int bufferPerClient;
  private final Set<SseSession> sessions = ConcurrentHashMap.newKeySet();
  private final AtomicLong ids = new AtomicLong();

  /** A hub over {@code state} keeping at most {@code bufferPerClient} messages per browser. */
  public SseHub(ClusterState state, int bufferPerClient) {
    if (bufferPerClient < 1) {
      throw new IllegalArgumentException("SSE buffer must be >= 1, was " + bufferPerClient);
    }
    this.state = state;
    this.bufferPerClient = bufferPerClient;
  }

  /** Takes over a new browser connection (call from the SSE handler). */
  public void connect(SseClient client) {
    client.keepAlive();
    SseSession s = new SseSession(client, bufferPerClient);
    sessions.add(s);
    client.onClose(() -> {
      sessions.remove(s);
      s.close();
    });
    s.start("fennel-monitor-sse-" + ids.incrementAndGet());
    s.offer("hello", counters());
  }

  /** How many browsers are connected. */
  public int clients() {
    return sessions.size();
  }

  private void broadcast(String event, java.util.function.Supplier<String> data) {
    if (sessions.isEmpty()) {
      return;
    }
    String json = data.get();
    sessions.forEach(s -> s.offer(event, json));
  }

  @Override
  public void onTaskEvent(TaskEvent event, TaskView task) {
    broadcast("task", () -> ApiJson.write(ApiJson.task(task, false).put("event", event.type())));
  }

  @Override
  public void onWorkerEvent(WorkerEvent event, WorkerView worker) {
    broadcast("worker", () -> ApiJson.write(ApiJson.worker(worker).put("event", event.type())));
  }

  @Override
  public void onWorkerStatus(WorkerView worker) {
    broadcast("worker", () -> ApiJson.write(ApiJson.worker(worker)));
  }

  @Override
  public void onWorkerPurged(String hostname) {
    broadcast(
        "worker-purged",
        () -> ApiJson.write(ApiJson.MAPPER.createObjectNode().put("hostname", hostname)));
  }

  /** Sends a queue depth sample. */
  public void onQueueSample(QueueSample s) {
    broadcast("queue", () -> ApiJson.write(ApiJson.queue(s)));
  }

  /** Sends the task counters by state and name (call every few seconds). */
  public void publishCounters() {
    broadcast("counters", this::counters);
  }

  private String counters() {
    var o = ApiJson.MAPPER.createObjectNode();
    var byState = o.putObject("states");
    state.stateCounts().forEach((k, v) -> byState.put(k.name(), v));
    var byName = o.putObject("tasks");
    state
        .countsByName()
        .forEach((name, m) -> {
          var n = byName.putObject(name);
          m.forEach((k, v) -> n.put(k.name(), v));
        });
    o.put("kept", state.taskCount());
    o.put("workers", state.workerNames().size());
    return ApiJson.write(o);
  }

  @Override
  public void close() {
    sessions.forEach(SseSession::close);
    sessions.clear();
  }
}
