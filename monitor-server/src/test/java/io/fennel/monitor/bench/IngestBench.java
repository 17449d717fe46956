package io.fennel.monitor.bench;

import io.fennel.monitor.state.ClusterState;
import io.fennel.protocol.event.Event;
import io.fennel.protocol.event.EventCodec;
import io.fennel.protocol.event.EventFields;
import io.fennel.protocol.event.TaskReceived;
import io.fennel.protocol.event.TaskSent;
import io.fennel.protocol.event.TaskStarted;
import io.fennel.protocol.event.TaskSucceeded;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Measures the console's ingestion: events per second through decode + cluster state for 1,000,000
 * pre-encoded events (250,000 tasks x sent/received/started/succeeded, the worker's three batched
 * one per message as Celery does), and the heap retained per kept task.
 *
 * <p>Run: {@code mvn -B -q -pl monitor-server -am test-compile} then {@code java -cp
 * monitor-server/target/test-classes:monitor-server/target/classes:<deps>
 * io.fennel.monitor.bench.IngestBench}, or from an IDE. Arguments: [events] [maxTasks].
 */
public final class IngestBench {
  private IngestBench() {}

  public static void main(String[] args) {
    int events = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
    int maxTasks = args.length > 1 ? Integer.parseInt(args[1]) : 100_000;
    List<byte[]> bodies = generate(events / 4);
    System.out.printf("generated %,d messages holding %,d events%n", bodies.size(), events);

    // warm-up
    run(bodies.subList(0, Math.min(bodies.size(), 200_000)), maxTasks);
    run(bodies.subList(0, Math.min(bodies.size(), 200_000)), maxTasks);

    long t0 = System.nanoTime();
    ClusterState state = run(bodies, maxTasks);
    double secs = (System.nanoTime() - t0) / 1e9;
    System.out.printf(
        "decode + state: %,d events in %.2f s = %,.0f events/s (kept %,d tasks, evicted %,d)%n",
        events, secs, events / secs, state.taskCount(), state.evictedCount());

    long decodeStart = System.nanoTime();
    long n = 0;
    for (byte[] b : bodies) {
      n += EventCodec.decode(b).size();
    }
    double decodeSecs = (System.nanoTime() - decodeStart) / 1e9;
    System.out.printf("decode only: %,.0f events/s%n", n / decodeSecs);

    state = null;
    long before = usedHeap();
    ClusterState kept = run(bodies, maxTasks);
    long after = usedHeap();
    System.out.printf(
        "heap retained: %,d bytes for %,d tasks = %,d bytes per task (4 timeline events each)%n",
        after - before, kept.taskCount(), (after - before) / kept.taskCount());
    if (kept.taskCount() < 0) {
      System.out.println(state);
    }
  }

  private static ClusterState run(List<byte[]> bodies, int maxTasks) {
    ClusterState state = new ClusterState(maxTasks, Clock.systemUTC());
    for (byte[] b : bodies) {
      state.applyAll(EventCodec.decode(b));
    }
    return state;
  }

  private static List<byte[]> generate(int tasks) {
    List<byte[]> out = new ArrayList<>(tasks * 3);
    double ts = 1_800_000_000.0;
    long clock = 0;
    String[] names = {"demo.add", "demo.mul", "demo.fetch", "reports.build", "mail.send"};
    for (int i = 0; i < tasks; i++) {
      String id = UUID.randomUUID().toString();
      String name = names[i % names.length];
      String worker = "celery@worker-" + (i % 8);
      String args = "(" + (i % 100) + ", " + (i % 7) + ")";
      out.add(
          EventCodec.encode(
              new TaskSent(
                  EventFields.of("gen1@client", 0, 1, ++clock, ts),
                  id,
                  id,
                  null,
                  name,
                  args,
                  "{}",
                  0,
                  null,
                  null,
                  "celery",
                  "",
                  "celery")));
      EventFields w = EventFields.of(worker, 0, 100 + (i % 8), ++clock, ts + 0.001);
      out.add(
          EventCodec.encodeBatch(
              List.<Event>of(new TaskReceived(w, id, name, args, "{}", id, null, 0, null, null))));
      out.add(
          EventCodec.encodeBatch(
              List.<Event>of(
                  new TaskStarted(EventFields.of(worker, 0, 100, ++clock, ts + 0.002), id))));
      out.add(
          EventCodec.encodeBatch(
              List.<Event>of(
                  new TaskSucceeded(
                      EventFields.of(worker, 0, 100, ++clock, ts + 0.01),
                      id,
                      String.valueOf(i % 100 + i % 7),
                      0.008))));
      ts += 0.0001;
    }
    return out;
  }

  private static long usedHeap() {
    Runtime rt = Runtime.getRuntime();
    for (int i = 0; i < 5; i++) {
      System.gc();
      try {
        Thread.sleep(100);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    return rt.totalMemory() - rt.freeMemory();
  }
}
