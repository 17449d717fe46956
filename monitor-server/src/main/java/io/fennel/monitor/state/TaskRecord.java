package io.fennel.monitor.state;

import io.fennel.protocol.event.TaskEvent;
import io.fennel.protocol.event.TaskFailed;
import io.fennel.protocol.event.TaskReceived;
import io.fennel.protocol.event.TaskRejected;
import io.fennel.protocol.event.TaskRetried;
import io.fennel.protocol.event.TaskRevoked;
import io.fennel.protocol.event.TaskSent;
import io.fennel.protocol.event.TaskStarted;
import io.fennel.protocol.event.TaskSucceeded;
import io.fennel.protocol.state.TaskState;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The mutable record of one task inside {@link ClusterState}, kept small: plain strings and
 * doubles, the timeline as an array grown one slot at a time. Guarded by the state's lock.
 */
final class TaskRecord {
  private static final TimelineEntry[] NO_EVENTS = {};

  final String uuid;
  String name;
  TaskState state;
  double stateTs;
  String worker;
  String args;
  String kwargs;
  String result;
  String exception;
  String traceback;
  double runtime = Double.NaN;
  int retries;
  String eta;
  String expires;
  String queue;
  String parentId;
  String rootId;
  String group;
  String[] children;
  double sent;
  double received;
  double started;
  double succeeded;
  double failed;
  double retried;
  double revoked;
  double rejected;
  double timestamp;
  long clock;

  /** The name this task is counted under (its name, "", or {@link StateLimits#OTHER}), or null. */
  String countedAs;

  /** Which text fields were cut to the byte bound: bits {@link #ARGS} ... {@link #TRACEBACK}. */
  byte cut;

  static final int ARGS = 1;
  static final int KWARGS = 2;
  static final int RESULT = 4;
  static final int EXCEPTION = 8;
  static final int TRACEBACK = 16;
  private static final String[] CUT_NAMES = {"args", "kwargs", "result", "exception", "traceback"};

  /** The worker whose prefetched count includes this task, or null. */
  String prefetchedOn;

  /** The name it is in that worker's prefetched count under, or null. */
  String prefetchedAs;

  TimelineEntry[] timeline = NO_EVENTS;

  TaskRecord(String uuid) {
    this.uuid = uuid;
  }

  /**
   * Merges one event, keeping at most {@code max} bytes of each text field; returns the state it
   * asks for (null when it asks for none), which the caller applies through {@link
   * StatePrecedence}. {@code fields} is scratch space for the timeline entry's fields, reused.
   */
  TaskState merge(TaskEvent e, Interner interner, int max, Fields fields) {
    double ts = e.timestamp();
    String host = interner.intern(e.hostname());
    timestamp = Math.max(timestamp, ts);
    clock = Math.max(clock, e.clock());
    fields.clear();
    TaskState asked =
        switch (e) {
          case TaskSent s -> {
            sent = ts;
            name = firstNonNull(name, interner.intern(s.name()));
            args = firstNonNull(args, cap(interner.intern(s.args()), ARGS, max));
            kwargs = firstNonNull(kwargs, cap(interner.intern(s.kwargs()), KWARGS, max));
            rootId = firstNonNull(rootId, same(s.rootId()));
            parentId = firstNonNull(parentId, s.parentId());
            retries = Math.max(retries, s.retries() == null ? 0 : s.retries());
            eta = firstNonNull(s.eta(), eta);
            expires = firstNonNull(s.expires(), expires);
            queue = firstNonNull(interner.intern(s.queue()), queue);
            put(fields, "name", name);
            put(fields, "args", args);
            put(fields, "kwargs", kwargs);
            put(fields, "retries", interner.intern(str(s.retries())));
            put(fields, "eta", s.eta());
            put(fields, "expires", s.expires());
            put(fields, "queue", queue);
            yield TaskState.PENDING;
          }
          case TaskReceived r -> {
            received = ts;
            worker = host;
            name = firstNonNull(name, interner.intern(r.name()));
            args = firstNonNull(args, cap(interner.intern(r.args()), ARGS, max));
            kwargs = firstNonNull(kwargs, cap(interner.intern(r.kwargs()), KWARGS, max));
            rootId = firstNonNull(rootId, same(r.rootId()));
            parentId = firstNonNull(parentId, r.parentId());
            group =
                firstNonNull(
                    group,
                    r.extra().containsKey("group")
                        ? interner.intern(r.extra().get("group").asText(null))
                        : null);
            retries = Math.max(retries, r.retries() == null ? 0 : r.retries());
            eta = firstNonNull(r.eta(), eta);
            expires = firstNonNull(r.expires(), expires);
            put(fields, "name", name);
            put(fields, "args", same(args, cap(interner.intern(r.args()), ARGS, max)));
            put(fields, "kwargs", same(kwargs, cap(interner.intern(r.kwargs()), KWARGS, max)));
            put(fields, "retries", interner.intern(str(r.retries())));
            put(fields, "eta", r.eta());
            put(fields, "expires", r.expires());
            yield TaskState.RECEIVED;
          }
          case TaskStarted st -> {
            started = ts;
            worker = host;
            yield TaskState.STARTED;
          }
          case TaskSucceeded s -> {
            succeeded = ts;
            worker = host;
            result = cap(interner.intern(s.result()), RESULT, max);
            if (s.runtime() != null) {
              runtime = s.runtime();
            }
            put(fields, "result", result);
            // the event's own Double, spelt only when shown (./bench/run monitor: 24 bytes less
            // kept per task, and no Double.toString on ingest)
            put(fields, "runtime", s.runtime());
            yield TaskState.SUCCESS;
          }
          case TaskFailed f -> {
            failed = ts;
            worker = host;
            exception = cap(f.exception(), EXCEPTION, max);
            traceback = cap(f.traceback(), TRACEBACK, max);
            put(fields, "exception", exception);
            put(fields, "traceback", traceback);
            yield TaskState.FAILURE;
          }
          case TaskRetried r -> {
            retried = ts;
            worker = host;
            exception = cap(r.exception(), EXCEPTION, max);
            traceback = cap(r.traceback(), TRACEBACK, max);
            put(fields, "exception", exception);
            put(fields, "traceback", traceback);
            yield TaskState.RETRY;
          }
          case TaskRejected r -> {
            rejected = ts;
            put(fields, "requeue", interner.intern(str(r.requeue())));
            yield TaskState.REJECTED;
          }
          case TaskRevoked r -> {
            revoked = ts;
            put(fields, "terminated", interner.intern(str(r.terminated())));
            put(fields, "signum", interner.intern(str(r.signum())));
            put(fields, "expired", interner.intern(str(r.expired())));
            yield TaskState.REVOKED;
          }
        };
    addToTimeline(new TimelineEntry(e.type(), ts, host, e.clock(), fields.toArray()));
    return asked;
  }

  /** {@code s} cut to {@code max} bytes, marking {@code field} as cut when it was. */
  private String cap(String s, int field, int max) {
    String c = FieldCap.cap(s, max);
    if (c != s) {
      cut |= (byte) field;
    }
    return c;
  }

  /** {@code kept} when it equals {@code fresh} (one copy in memory), else {@code fresh}. */
  private static String same(String kept, String fresh) {
    return kept != null && kept.equals(fresh) ? kept : fresh;
  }

  /** The names of the fields that were cut. */
  List<String> cutFields() {
    if (cut == 0) {
      return List.of();
    }
    List<String> out = new ArrayList<>(2);
    for (int i = 0; i < CUT_NAMES.length; i++) {
      if ((cut & (1 << i)) != 0) {
        out.add(CUT_NAMES[i]);
      }
    }
    return out;
  }

  private void addToTimeline(TimelineEntry entry) {
    int at = timeline.length;
    while (at > 0 && timeline[at - 1].timestamp() > entry.timestamp()) {
      at--;
    }
    TimelineEntry[] grown = new TimelineEntry[timeline.length + 1];
    System.arraycopy(timeline, 0, grown, 0, at);
    grown[at] = entry;
    System.arraycopy(timeline, at, grown, at + 1, timeline.length - at);
    timeline = grown;
  }

  void addChild(String id) {
    if (children == null) {
      children = new String[] {id};
    } else if (!Arrays.asList(children).contains(id)) {
      children = Arrays.copyOf(children, children.length + 1);
      children[children.length - 1] = id;
    }
  }

  TaskView view(boolean withTimeline) {
    return new TaskView(
        uuid,
        name,
        state,
        worker,
        args,
        kwargs,
        result,
        exception,
        traceback,
        Double.isNaN(runtime) ? null : runtime,
        retries,
        eta,
        expires,
        queue,
        parentId,
        rootId,
        children == null ? List.of() : List.of(children),
        orNull(sent),
        orNull(received),
        orNull(started),
        orNull(succeeded),
        orNull(failed),
        orNull(retried),
        orNull(revoked),
        orNull(rejected),
        timestamp,
        clock,
        withTimeline ? List.of(timeline) : List.of(),
        countedAs == null ? (name == null ? "" : name) : countedAs,
        cutFields());
  }

  private static Double orNull(double t) {
    return t == 0 ? null : t;
  }

  private static <T> T firstNonNull(T a, T b) {
    return a != null ? a : b;
  }

  private static void put(Fields fields, String key, Object value) {
    if (value != null) {
      fields.add(key, value);
    }
  }

  /**
   * The key/value pairs of one timeline entry as they are collected, reused from event to event: a
   * plain array rather than a list, whose {@code toArray(new String[0])} goes through reflection
   * under the console's C1 JIT. Not thread-safe: used under the cluster state's lock.
   */
  static final class Fields {
    private Object[] pairs = new Object[14]; // task-sent's seven pairs, the most of any event
    private int size;

    void clear() {
      Arrays.fill(pairs, 0, size, null);
      size = 0;
    }

    void add(String key, Object value) {
      if (size == pairs.length) {
        pairs = Arrays.copyOf(pairs, size * 2);
      }
      pairs[size++] = key;
      pairs[size++] = value;
    }

    Object[] toArray() {
      Object[] out = new Object[size];
      System.arraycopy(pairs, 0, out, 0, size);
      return out;
    }
  }

  private static String str(Object value) {
    return value == null ? null : String.valueOf(value);
  }

  /** The task's own id when {@code id} equals it, so root ids of first tasks cost nothing. */
  private String same(String id) {
    return uuid.equals(id) ? uuid : id;
  }
}
