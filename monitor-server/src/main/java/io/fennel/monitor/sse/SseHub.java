package io.fennel.monitor.sse;

import io.fennel.core.runtime.FennelThreads;
import io.fennel.monitor.api.ApiJson;
import io.fennel.monitor.queues.QueueSample;
import io.fennel.monitor.state.ClusterState;
import io.fennel.monitor.state.StateListener;
import io.fennel.monitor.state.TaskView;
import io.fennel.monitor.state.WorkerView;
import io.fennel.protocol.event.TaskEvent;
import io.fennel.protocol.event.TaskFailed;
import io.fennel.protocol.event.TaskSucceeded;
import io.fennel.protocol.event.WorkerEvent;
import io.javalin.http.sse.SseClient;
import java.time.Clock;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * Fans state changes out to every browser on {@code /api/events/stream} as server-sent events:
 * {@code task}, {@code worker}, {@code worker-purged}, {@code queue} and {@code counters}, each
 * with a JSON body. Each change is written to JSON once, whatever the number of browsers, and not
 * at all when none is connected. Messages stay small: a task message carries its fields with long
 * values cut to {@value #EXCERPT} characters and no traceback (pages fetch the full task), and
 * waiting messages about the same task, worker or queue are coalesced per browser.
 */
public final class SseHub implements StateListener, AutoCloseable {
  private final ClusterState state;
  private final int bufferPerClient;
  private final Set<SseSession> sessions = ConcurrentHashMap.newKeySet();
  private final java.util.concurrent.ThreadFactory threads =
      FennelThreads.virtual("monitor-sse", null);
  private final Clock clock;
  private final LongAdder succeeded = new LongAdder();
  private final LongAdder failed = new LongAdder();
  private final Deque<CounterSample> rates = new ArrayDeque<>();

  /** Longest text value a task message carries. */
  public static final int EXCERPT = 200;

  /** How many counter samples are kept for charts (10 minutes at one every 2 seconds). */
  public static final int RATE_HISTORY = 300;

  /** A hub over {@code state} keeping at most {@code bufferPerClient} messages per browser. */
  public SseHub(ClusterState state, int bufferPerClient) {
    this(state, bufferPerClient, Clock.systemUTC());
  }

  /** Like {@link #SseHub(ClusterState, int)}, reading the time from {@code clock}. */
  public SseHub(ClusterState state, int bufferPerClient, Clock clock) {
    if (bufferPerClient < 1) {
      throw new IllegalArgumentException("SSE buffer must be >= 1, was " + bufferPerClient);
    }
    this.state = state;
    this.bufferPerClient = bufferPerClient;
    this.clock = clock;
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
    s.start(threads);
    s.offer("hello", counters());
  }

  /** How many browsers are connected. */
  public int clients() {
    return sessions.size();
  }

  private void broadcast(String event, String key, java.util.function.Supplier<String> data) {
    if (sessions.isEmpty()) {
      return;
    }
    String json = data.get();
    sessions.forEach(s -> s.offer(event, key, json));
  }

  @Override
  public void onTaskEvent(TaskEvent event, TaskView task) {
    if (event instanceof TaskSucceeded) {
      succeeded.increment();
    } else if (event instanceof TaskFailed) {
      failed.increment();
    }
    if (sessions.isEmpty()) {
      return; // nothing to build: no key, no lambda per event while nobody watches
    }
    broadcast(
        "task",
        "task:" + task.uuid(),
        () -> ApiJson.write(compact(ApiJson.task(task, false)).put("event", event.type())));
  }

  private static com.fasterxml.jackson.databind.node.ObjectNode compact(
      com.fasterxml.jackson.databind.node.ObjectNode o) {
    o.remove("traceback");
    o.remove("children");
    for (String f : List.of("args", "kwargs", "result", "exception")) {
      String v = o.path(f).isTextual() ? o.get(f).asText() : null;
      if (v != null && v.length() > EXCERPT) {
        o.put(f, v.substring(0, EXCERPT - 1) + "\u2026");
      }
    }
    return o;
  }

  @Override
  public void onWorkerEvent(WorkerEvent event, WorkerView worker) {
    broadcast(
        "worker",
        "worker:" + worker.hostname(),
        () -> ApiJson.write(ApiJson.worker(worker).put("event", event.type())));
  }

  @Override
  public void onWorkerStatus(WorkerView worker) {
    broadcast("worker", "worker:" + worker.hostname(), () -> ApiJson.write(ApiJson.worker(worker)));
  }

  @Override
  public void onWorkerPurged(String hostname) {
    broadcast(
        "worker-purged",
        null,
        () -> ApiJson.write(ApiJson.MAPPER.createObjectNode().put("hostname", hostname)));
  }

  /** Sends a queue depth sample. */
  public void onQueueSample(QueueSample s) {
    broadcast("queue", "queue:" + s.queue(), () -> ApiJson.write(ApiJson.queue(s)));
  }

  /**
   * Records the running totals for the charts and sends the task counters by state and name, the
   * totals and the workers online and offline (call every few seconds).
   */
  public void publishCounters() {
    CounterSample now = sample();
    synchronized (rates) {
      rates.addLast(now);
      while (rates.size() > RATE_HISTORY) {
        rates.removeFirst();
      }
    }
    broadcast("counters", "counters", this::counters);
  }

  /** The running totals now. */
  public CounterSample sample() {
    return new CounterSample(clock.millis() / 1000.0, succeeded.sum(), failed.sum());
  }

  /** The kept counter samples, oldest first (for charts on a page just opened). */
  public List<CounterSample> rateHistory() {
    synchronized (rates) {
      return List.copyOf(rates);
    }
  }

  private String counters() {
    var o = ApiJson.MAPPER.createObjectNode();
    CounterSample now = sample();
    o.put("ts", now.timestamp());
    o.put("succeeded_total", now.succeeded());
    o.put("failed_total", now.failed());
    long online = state.workers().stream().filter(WorkerView::online).count();
    o.put("online", online);
    o.put("offline", state.workerNames().size() - online);
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
