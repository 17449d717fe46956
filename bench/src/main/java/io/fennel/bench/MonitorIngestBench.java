package io.fennel.bench;

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
 * The console's ingestion: 1,000,000 events (250,000 tasks x sent, received, started, succeeded;
 * the worker's events batched as Celery batches them) pre-filled into a RabbitMQ queue, then
 * drained by the console's receiver into its cluster state; beside decoding the same messages alone
 * in the same run. Also the heap retained per kept task. Run: {@code ./bench/run monitor}.
 */
final class MonitorIngestBench {
  private MonitorIngestBench() {}

  static void run(int events, int maxTasks) throws Exception {
    for (int batch : new int[] {1, 30}) {
      List<byte[]> bodies = generate(events / 4, batch);
      System.out.printf(
          "monitor: %,d events in %,d messages (worker events %d per message)%n",
          events, bodies.size(), batch);
      run(bodies.subList(0, Math.min(bodies.size(), 100_000)), maxTasks);
      long decodeStart = System.nanoTime();
      long n = 0;
      for (byte[] b : bodies) {
        n += EventCodec.decode(b).size();
      }
      double decodeRate = n / ((System.nanoTime() - decodeStart) / 1e9);
      long t0 = System.nanoTime();
      run(bodies, maxTasks);
      double stateRate = events / ((System.nanoTime() - t0) / 1e9);
      Benchmarks.report(
          "console decode + state, batch " + batch,
          stateRate,
          "events/s",
          decodeRate,
          "decode only");
      double queueRate = fromQueue(bodies, events, maxTasks);
      Benchmarks.report(
          "console ingest from RabbitMQ queue, batch " + batch,
          queueRate,
          "events/s",
          decodeRate,
          "decode only");
    }
    List<byte[]> bodies = generate(maxTasks, 30);
    long before = usedHeap();
    ClusterState kept = run(bodies, maxTasks);
    long after = usedHeap();
    java.lang.ref.Reference.reachabilityFence(bodies);
    java.lang.ref.Reference.reachabilityFence(kept);
    System.out.printf(
        "heap retained per kept task: %,d bytes (%,d tasks, 4 timeline events each)%n",
        (after - before) / kept.taskCount(), kept.taskCount());
  }

  private static double fromQueue(List<byte[]> bodies, int events, int maxTasks) throws Exception {
    String queue = "bench.events." + java.util.UUID.randomUUID();
    try (io.fennel.core.broker.Broker broker =
        io.fennel.core.broker.Brokers.open(AmqpThroughputBench.URL)) {
      broker.declareQueue(
          new io.fennel.core.broker.QueueSpec(queue, false, false, false, java.util.Map.of()));
      var props =
          io.fennel.core.broker.MessageProperties.json(
              java.util.Map.of(), io.fennel.core.broker.MessageProperties.TRANSIENT);
      for (byte[] b : bodies) {
        broker.publish(new io.fennel.core.broker.OutgoingMessage("", queue, props, b));
      }
      while (broker.queueStats(queue).orElseThrow().messages() < bodies.size()) {
        Thread.sleep(50);
      }
      ClusterState state = new ClusterState(maxTasks, Clock.systemUTC());
      io.fennel.monitor.ingest.EventReceiver receiver =
          new io.fennel.monitor.ingest.EventReceiver(broker, state, null, Clock.systemUTC());
      java.util.concurrent.CountDownLatch done =
          new java.util.concurrent.CountDownLatch(bodies.size());
      long t0 = System.nanoTime();
      try (var sub =
          broker.consumeAutoAck(
              queue,
              d -> {
                receiver.ingest(d.body(), true);
                done.countDown();
              })) {
        done.await();
        double rate = events / ((System.nanoTime() - t0) / 1e9);
        sub.cancel();
        return rate;
      } finally {
        broker.purge(queue);
      }
    }
  }

  private static ClusterState run(List<byte[]> bodies, int maxTasks) {
    ClusterState state = new ClusterState(maxTasks, Clock.systemUTC());
    for (byte[] b : bodies) {
      state.applyAll(EventCodec.decode(b));
    }
    return state;
  }

  /**
   * The event messages of {@code tasks} tasks: {@code task-sent} alone, as producers send it, and
   * each worker's events in {@code task.multi} lists of {@code batch} events (1 when a worker is
   * quiet; an agent under load fills lists of up to 100).
   */
  static List<byte[]> generate(int tasks, int batch) {
    List<byte[]> out = new ArrayList<>(tasks * 3);
    List<Event> pending = new ArrayList<>();
    double ts =
        System.currentTimeMillis() / 1000.0
            - tasks * 1e-4; // the newest is now: the console refuses events from the future
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
      pending.add(new TaskReceived(w, id, name, args, "{}", id, null, 0, null, null));
      pending.add(new TaskStarted(EventFields.of(worker, 0, 100, ++clock, ts + 0.002), id));
      pending.add(
          new TaskSucceeded(
              EventFields.of(worker, 0, 100, ++clock, ts + 0.01),
              id,
              String.valueOf(i % 100 + i % 7),
              0.008));
      while (pending.size() >= batch) {
        out.add(EventCodec.encodeBatch(List.copyOf(pending.subList(0, batch))));
        pending.subList(0, batch).clear();
      }
      ts += 0.0001;
    }
    if (!pending.isEmpty()) {
      out.add(EventCodec.encodeBatch(pending));
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
