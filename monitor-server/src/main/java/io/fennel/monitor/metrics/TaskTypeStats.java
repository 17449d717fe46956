package io.fennel.monitor.metrics;

import io.fennel.monitor.state.StateListener;
import io.fennel.monitor.state.TaskView;
import io.fennel.protocol.event.TaskEvent;
import io.fennel.protocol.event.TaskFailed;
import io.fennel.protocol.event.TaskReceived;
import io.fennel.protocol.event.TaskRejected;
import io.fennel.protocol.event.TaskRetried;
import io.fennel.protocol.event.TaskRevoked;
import io.fennel.protocol.event.TaskSent;
import io.fennel.protocol.event.TaskStarted;
import io.fennel.protocol.event.TaskSucceeded;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Per task type (as counted, so bounded by the task-name bound): tasks finished, failed and
 * retried, and runtime and queue-wait percentiles over the last {@value #WINDOW} of each, for the
 * stats table and {@code /metrics}. Fed as a {@link StateListener}; a type goes when its name is
 * dropped.
 */
public final class TaskTypeStats implements StateListener {
  /** How many of the latest runtimes and waits each type keeps for its percentiles. */
  public static final int WINDOW = 1_024;

  private final Map<String, Type> types = new ConcurrentHashMap<>();

  /**
   * One type's figures now.
   *
   * @param name the task name (or {@code other})
   * @param succeeded tasks that succeeded
   * @param failed tasks that failed
   * @param retried retries
   * @param runtime runtime percentiles p50, p95, p99 in seconds (NaN without samples)
   * @param queueWait received-to-started percentiles p50, p95, p99 in seconds (NaN without samples)
   */
  public record Row(
      String name,
      long succeeded,
      long failed,
      long retried,
      double[] runtime,
      double[] queueWait) {
    /** Finished tasks (succeeded + failed). */
    public long count() {
      return succeeded + failed;
    }

    /** Failed / finished, 0 without finished tasks. */
    public double failureRate() {
      long n = count();
      return n == 0 ? 0 : (double) failed / n;
    }
  }

  @Override
  public void onTaskEvent(TaskEvent event, TaskView task) {
    Type t = types.computeIfAbsent(task.countedAs(), k -> new Type());
    synchronized (t) {
      switch (event) {
        case TaskSucceeded s -> {
          t.succeeded++;
          if (s.runtime() != null) {
            t.runtimes.add(s.runtime());
          }
        }
        case TaskFailed f -> t.failed++;
        case TaskRetried r -> t.retried++;
        case TaskStarted st -> {
          if (task.received() != null && task.started() != null) {
            t.waits.add(Math.max(0, task.started() - task.received()));
          }
        }
        case TaskSent x -> {}
        case TaskReceived x -> {}
        case TaskRejected x -> {}
        case TaskRevoked x -> {}
      }
    }
  }

  @Override
  public void onTaskNameDropped(String name) {
    types.remove(name);
  }

  /** Every type's row, by name. */
  public List<Row> rows() {
    Map<String, Row> out = new TreeMap<>();
    types.forEach((name, t) -> out.put(name, t.row(name)));
    return new ArrayList<>(out.values());
  }

  /** The names with figures. */
  public java.util.Set<String> names() {
    return java.util.Set.copyOf(types.keySet());
  }

  /** One type's row, or null. */
  public Row row(String name) {
    Type t = types.get(name);
    return t == null ? null : t.row(name);
  }

  private static final class Type {
    long succeeded;
    long failed;
    long retried;
    final Window runtimes = new Window();
    final Window waits = new Window();

    synchronized Row row(String name) {
      return new Row(name, succeeded, failed, retried, runtimes.percentiles(), waits.percentiles());
    }
  }

  /** A ring of the latest {@link #WINDOW} samples. */
  private static final class Window {
    private final double[] ring = new double[WINDOW];
    private int size;
    private int next;

    void add(double v) {
      ring[next] = v;
      next = (next + 1) % WINDOW;
      size = Math.min(size + 1, WINDOW);
    }

    double[] percentiles() {
      if (size == 0) {
        return new double[] {Double.NaN, Double.NaN, Double.NaN};
      }
      double[] sorted = Arrays.copyOf(ring, size);
      Arrays.sort(sorted);
      return new double[] {at(sorted, 0.50), at(sorted, 0.95), at(sorted, 0.99)};
    }

    private static double at(double[] sorted, double q) {
      return sorted[Math.min(sorted.length - 1, (int) Math.ceil(q * sorted.length) - 1)];
    }
  }
}
