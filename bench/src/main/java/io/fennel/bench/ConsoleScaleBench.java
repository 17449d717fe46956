package io.fennel.bench;

import io.fennel.monitor.state.ClusterState;
import io.fennel.monitor.state.TaskQuery;
import io.fennel.protocol.event.Event;
import io.fennel.protocol.event.EventFields;
import io.fennel.protocol.event.TaskReceived;
import io.fennel.protocol.event.TaskSucceeded;
import io.fennel.protocol.event.WorkerHeartbeat;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * The console at scale: 1,000 workers and 1,000,000 kept tasks; how long the queries behind the
 * dashboard's pages take (first page of tasks, a filtered page, the workers list), beside one plain
 * pass over the same number of objects as a reference.
 */
final class ConsoleScaleBench {
  private ConsoleScaleBench() {}

  static void run(int tasks, int workers) {
    ClusterState state = new ClusterState(tasks, Clock.systemUTC());
    double ts =
        System.currentTimeMillis() / 1000.0
            - tasks * 1e-4; // the newest is now: the console refuses events from the future
    for (int w = 0; w < workers; w++) {
      state.apply(
          new WorkerHeartbeat(
              EventFields.of("w" + w + "@scale", 0, w, w, ts),
              2.0,
              0,
              0,
              List.of(0.1, 0.1, 0.1),
              "fennel",
              "0.1.0",
              "Linux"));
    }
    for (int i = 0; i < tasks; i++) {
      String id = UUID.randomUUID().toString();
      String worker = "w" + (i % workers) + "@scale";
      List<Event> events = new ArrayList<>(2);
      events.add(
          new TaskReceived(
              EventFields.of(worker, 0, 1, i, ts + i * 1e-4),
              id,
              i % 97 == 0 ? "rare.task" : "demo.add",
              "(1, 2)",
              "{}",
              id,
              null,
              0,
              null,
              null));
      events.add(
          new TaskSucceeded(EventFields.of(worker, 0, 1, i, ts + i * 1e-4 + 0.01), id, "3", 0.01));
      state.applyAll(events);
    }
    System.out.printf("console scale: %,d tasks kept, %,d workers%n", state.taskCount(), workers);
    double reference = referencePass(tasks);
    TaskQuery firstPage = new TaskQuery(51, 0, null, null, null, null, null, null, null);
    TaskQuery rarePage = new TaskQuery(51, 0, null, null, "rare.task", Set.of(), null, null, null);
    TaskQuery sorted = new TaskQuery(51, 0, "-runtime", null, null, null, null, null, null);
    Benchmarks.report(
        "tasks page 1, newest first",
        millis(() -> state.tasks(firstPage)),
        "ms",
        reference,
        "one pass over 1M objects");
    Benchmarks.report(
        "tasks page 1, one task name (1 in 97)",
        millis(() -> state.tasks(rarePage)),
        "ms",
        reference,
        "one pass over 1M objects");
    Benchmarks.report(
        "tasks page 1, sorted by runtime",
        millis(() -> state.tasks(sorted)),
        "ms",
        reference,
        "one pass over 1M objects");
    Benchmarks.report(
        "workers list (1,000)",
        millis(state::workers),
        "ms",
        reference,
        "one pass over 1M objects");
  }

  private static double referencePass(int n) {
    List<Object> objects = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      objects.add(new Object[] {"demo.add", i});
    }
    return millis(() -> {
      long hits = 0;
      for (Object o : objects) {
        if (((Object[]) o)[0] == "rare.task") {
          hits++;
        }
      }
      return hits;
    });
  }

  /** The median of 11 runs, after 5 warm-up runs, in milliseconds. */
  private static double millis(java.util.function.Supplier<?> work) {
    for (int i = 0; i < 5; i++) {
      work.get();
    }
    double[] t = new double[11];
    for (int i = 0; i < t.length; i++) {
      long t0 = System.nanoTime();
      work.get();
      t[i] = (System.nanoTime() - t0) / 1e6;
    }
    java.util.Arrays.sort(t);
    return t[t.length / 2];
  }
}
