package io.fennel.monitor.state;

import io.fennel.core.runtime.FailureHandler;
import io.fennel.protocol.WireNames;
import io.fennel.protocol.event.Event;
import io.fennel.protocol.event.TaskEvent;
import io.fennel.protocol.event.TaskSent;
import io.fennel.protocol.event.UnknownEvent;
import io.fennel.protocol.event.WorkerEvent;
import io.fennel.protocol.state.TaskState;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The console's picture of the cluster, built from events alone: workers, the newest {@code
 * maxTasks} tasks with their timelines, and counts by task name and state.
 *
 * <p>Tasks live in an insertion-ordered map bounded at {@code maxTasks}: when a new task would go
 * past the bound, the task first seen longest ago goes. Caffeine's {@code maximumSize} was not used
 * because its W-TinyLFU policy may evict a recent task and keep an old popular one, while an
 * operator expects "the newest N tasks". All work per event is constant: nothing grows with
 * history. One lock guards everything; listeners run after it is released.
 *
 * <p>Bounded by construction ({@link StateLimits}): each text field is cut to a byte bound, task
 * names past the bound are counted under {@value StateLimits#OTHER} and a name is dropped (with its
 * metrics) when its last kept task goes, events from host names past the worker bound and events
 * with out-of-range values ({@link EventCheck}) are refused one by one and counted.
 */
public final class ClusterState {
  private static final int MAX_QUEUES = 1_000;
  private static final TaskState[] STATES = TaskState.values();

  private final int maxTasks;
  private final StateLimits limits;
  private final Rejections rejections;
  private final Clock clock;
  private final LinkedHashMap<String, TaskRecord> tasks;
  private final Map<String, WorkerRecord> workers = new TreeMap<>();
  private final NameCounts names;
  private final Set<String> sentQueues = new LinkedHashSet<>();
  private final Interner interner = new Interner(10_000);
  private final TaskRecord.Fields fields = new TaskRecord.Fields(); // used under the lock
  private final List<StateListener> listeners = new CopyOnWriteArrayList<>();
  private final FailureHandler failures;
  private long evicted;

  /**
   * A state keeping at most {@code maxTasks} tasks, reading "now" from {@code clock}.
   *
   * @throws IllegalArgumentException when maxTasks < 1
   */
  public ClusterState(int maxTasks, Clock clock) {
    this(maxTasks, clock, FailureHandler.logging());
  }

  /**
   * Like {@link #ClusterState(int, Clock)}, reporting listener failures to {@code failures}.
   *
   * @throws IllegalArgumentException when maxTasks < 1
   */
  public ClusterState(int maxTasks, Clock clock, FailureHandler failures) {
    this(checked(maxTasks), clock, failures);
  }

  private static StateLimits checked(int maxTasks) {
    if (maxTasks < 1) {
      throw new IllegalArgumentException("maxTasks must be >= 1, was " + maxTasks);
    }
    return StateLimits.of(maxTasks);
  }

  /** A state within {@code limits}, reading "now" from {@code clock}. */
  public ClusterState(StateLimits limits, Clock clock, FailureHandler failures) {
    this.limits = limits;
    this.names = new NameCounts(limits.maxTaskNames());
    this.rejections = new Rejections(failures);
    this.maxTasks = limits.maxTasks();
    this.clock = clock;
    this.failures = failures;
    this.tasks =
        new LinkedHashMap<>(Math.min(maxTasks, 1 << 16), 0.75f, false) {
          @Override
          protected boolean removeEldestEntry(Map.Entry<String, TaskRecord> eldest) {
            if (size() <= ClusterState.this.maxTasks) {
              return false;
            }
            forget(eldest.getValue());
            return true;
          }
        };
  }

  /** Subscribes a listener to changes. */
  public void addListener(StateListener l) {
    listeners.add(l);
  }

  /** Unsubscribes a listener. */
  public void removeListener(StateListener l) {
    listeners.remove(l);
  }

  /** Merges a batch of events, in order. */
  public void applyAll(List<Event> events) {
    for (Event e : events) {
      apply(e);
    }
  }

  /**
   * Merges one event; unknown event types are ignored, and an event with out-of-range values is
   * refused alone (counted in {@link #rejectedCounts()}).
   */
  public void apply(Event event) {
    String problem = EventCheck.problem(event, nowSeconds());
    if (problem != null) {
      rejections.reject(event, problem);
      return;
    }
    switch (event) {
      case TaskEvent t -> applyTask(t);
      case WorkerEvent w -> applyWorker(w);
      case UnknownEvent u -> {}
    }
  }

  private void applyTask(TaskEvent e) {
    TaskView view = null;
    List<String> dropped;
    synchronized (this) {
      TaskRecord t = tasks.computeIfAbsent(e.uuid(), TaskRecord::new); // may evict the eldest
      String oldParent = t.parentId;
      TaskState oldState = t.state;
      TaskState asked = t.merge(e, interner, limits.maxFieldBytes(), fields);
      if (asked != null && StatePrecedence.takes(t.state, t.stateTs, asked, e.timestamp())) {
        t.state = asked;
        t.stateTs = e.timestamp();
      }
      recount(t, oldState, t.state);
      WorkerRecord reporter = workers.get(e.hostname());
      if (reporter != null) {
        reporter.count(e);
      }
      trackPrefetch(t);
      if (e instanceof TaskSent s && s.queue() != null && sentQueues.size() < MAX_QUEUES) {
        sentQueues.add(interner.intern(s.queue()));
      }
      if (t.parentId != null && oldParent == null && !t.parentId.equals(t.uuid)) {
        TaskRecord p = tasks.get(t.parentId);
        if (p != null) {
          p.addChild(t.uuid);
        }
      }
      if (!listeners.isEmpty()) {
        view = t.view(false);
      }
      dropped = names.takeDropped();
    }
    notifyDropped(dropped);
    if (view != null) {
      for (StateListener l : listeners) {
        try {
          l.onTaskEvent(e, view);
        } catch (RuntimeException ex) {
          listenerFailed(l, ex);
        }
      }
    }
  }

  private void applyWorker(WorkerEvent e) {
    WorkerView view = null;
    synchronized (this) {
      WorkerRecord w = workers.get(e.hostname());
      if (w == null && workers.size() < limits.maxWorkers()) {
        w = new WorkerRecord(e.hostname());
        workers.put(e.hostname(), w);
      }
      if (w != null) {
        w.merge(e, nowSeconds());
        view = w.view();
      }
    }
    if (view == null) {
      rejections.reject(
          e, "the console knows " + limits.maxWorkers() + " workers already (--max-workers)");
      return;
    }
    for (StateListener l : listeners) {
      try {
        l.onWorkerEvent(e, view);
      } catch (RuntimeException ex) {
        listenerFailed(l, ex);
      }
    }
  }

  /**
   * Marks workers offline whose heartbeats stopped (2 x freq) and forgets those offline longer than
   * {@code purgeOfflineAfter} (null: never). Call it every second or so.
   */
  public void sweep(Duration purgeOfflineAfter) {
    double now = nowSeconds();
    List<WorkerView> changed = new ArrayList<>();
    List<String> purged = new ArrayList<>();
    synchronized (this) {
      var it = workers.values().iterator();
      while (it.hasNext()) {
        WorkerRecord w = it.next();
        boolean up = !WireNames.isOffline(w.lastHeartbeat, w.freq, now) && w.online;
        if (w.setOnline(up, now)) {
          changed.add(w.view());
        }
        if (!w.online
            && purgeOfflineAfter != null
            && now - w.offlineSince >= purgeOfflineAfter.toMillis() / 1000.0) {
          it.remove();
          purged.add(w.hostname);
        }
      }
    }
    for (StateListener l : listeners) {
      try {
        changed.forEach(l::onWorkerStatus);
        purged.forEach(l::onWorkerPurged);
      } catch (RuntimeException ex) {
        listenerFailed(l, ex);
      }
    }
  }

  /** Moves {@code t}'s count; a name dropped by it also leaves every worker's prefetch map. */
  private void recount(TaskRecord t, TaskState oldState, TaskState newState) {
    String dropped = names.move(t, oldState, newState);
    if (dropped != null) {
      for (WorkerRecord w : workers.values()) {
        w.prefetchedByTask.remove(dropped);
      }
    }
  }

  private void notifyDropped(List<String> names) {
    if (names.isEmpty()) {
      return; // the usual case, without an iterator per event
    }
    for (String name : names) {
      for (StateListener l : listeners) {
        try {
          l.onTaskNameDropped(name);
        } catch (RuntimeException ex) {
          listenerFailed(l, ex);
        }
      }
    }
  }

  private void trackPrefetch(TaskRecord t) {
    boolean waiting = t.state == TaskState.RECEIVED && t.worker != null;
    if (t.prefetchedOn != null && (!waiting || !t.prefetchedOn.equals(t.worker))) {
      WorkerRecord w = workers.get(t.prefetchedOn);
      if (w != null) {
        w.unprefetch(t.prefetchedAs);
      }
      t.prefetchedOn = null;
      t.prefetchedAs = null;
    }
    if (waiting && t.prefetchedOn == null) {
      WorkerRecord w = workers.get(t.worker);
      if (w == null && workers.size() < limits.maxWorkers()) {
        w = new WorkerRecord(t.worker);
        workers.put(t.worker, w);
      }
      if (w != null) {
        t.prefetchedAs = t.countedAs == null ? "" : t.countedAs;
        w.prefetch(t.prefetchedAs);
        t.prefetchedOn = t.worker;
      }
    }
  }

  private void forget(TaskRecord t) {
    evicted++;
    recount(t, t.state, null);
    t.state = null;
    trackPrefetch(t);
  }

  private void listenerFailed(StateListener l, RuntimeException ex) {
    failures.handle("monitor.listener", "state listener " + l.getClass().getName(), ex);
  }

  private double nowSeconds() {
    return clock.millis() / 1000.0;
  }

  // ---- reads ----

  /** The task with this id, with its timeline, or empty when unknown or evicted. */
  public synchronized Optional<TaskView> task(String id) {
    TaskRecord t = tasks.get(id);
    return t == null ? Optional.empty() : Optional.of(t.view(true));
  }

  /** The workflow the task belongs to (root, chain steps, group members, chord body), if known. */
  public synchronized Optional<WorkflowGraph> graph(String id) {
    return WorkflowGraph.build(tasks.values(), tasks.get(id));
  }

  /**
   * Tasks matching {@code q}, without timelines; work and memory are bounded by the tasks kept.
   *
   * @throws IllegalArgumentException when {@code q.sortBy()} is not a {@link TaskSort} key
   */
  public synchronized List<TaskView> tasks(TaskQuery q) {
    return TaskSearch.run(tasks.sequencedValues(), q);
  }

  /** How many tasks are kept. */
  public synchronized int taskCount() {
    return tasks.size();
  }

  /** How many tasks were evicted to stay within the bound. */
  public synchronized long evictedCount() {
    return evicted;
  }

  /** The bound on kept tasks. */
  public int maxTasks() {
    return maxTasks;
  }

  /** Every known worker, by name. */
  public synchronized List<WorkerView> workers() {
    return workers.values().stream().map(WorkerRecord::view).toList();
  }

  /** The worker with this node name, or empty. */
  public synchronized Optional<WorkerView> worker(String hostname) {
    WorkerRecord w = workers.get(hostname);
    return w == null ? Optional.empty() : Optional.of(w.view());
  }

  /** The names of every known worker, sorted. */
  public synchronized Set<String> workerNames() {
    return new TreeSet<>(workers.keySet());
  }

  /** Names of tasks seen (among those kept), sorted. */
  public synchronized Set<String> taskNames() {
    return names.names();
  }

  /** The bounds this state keeps within. */
  public StateLimits limits() {
    return limits;
  }

  /** Events refused for out-of-range values or bounds, by event type (a snapshot). */
  public Map<String, Long> rejectedCounts() {
    return rejections.byType();
  }

  /** Events refused since start. */
  public long rejectedTotal() {
    return rejections.total();
  }

  /** How many kept tasks are in each state. */
  public synchronized Map<TaskState, Long> stateCounts() {
    return names.stateCounts();
  }

  /** How many kept tasks of each name are in each state (nonzero counts only). */
  public synchronized Map<String, Map<TaskState, Long>> countsByName() {
    return names.byName();
  }

  /**
   * Queues in use: those workers say they consume plus those tasks were sent to, plus {@code
   * celery}.
   */
  public synchronized Set<String> queues() {
    Set<String> out = new TreeSet<>();
    out.add(WireNames.DEFAULT_QUEUE);
    out.addAll(sentQueues);
    workers.values().forEach(w -> out.addAll(w.queues));
    return out;
  }
}
