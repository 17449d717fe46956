package io.fennel.bench;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.ConfirmListener;
import com.rabbitmq.client.Connection;
import io.fennel.core.Fennel;
import io.fennel.core.producer.SendOptions;
import io.fennel.core.producer.TaskCall;
import io.fennel.core.result.AsyncResult;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentSkipListSet;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Publishing no-op tasks to RabbitMQ with publisher confirms kept on: one thread calling {@code
 * delay()}, eight threads, and the batch API ({@code sendAll}), beside Celery 5.2.6's own {@code
 * send_task} loop (which does not wait for confirms) and raw amqp-client publishing with confirms
 * in a window of 1,000, in the same run. {@code delay()} pipelines its confirms (the default); each
 * figure's clock stops only once every message it sent is confirmed. One row runs {@code delay()}
 * with {@code task_publish_confirm=wait} for contrast. Two more references give RabbitMQ's own
 * ceiling for a Celery message: raw amqp-client sending it without confirms, persistent and then
 * transient, each timed until the queue holds every message.
 */
final class ProducerBench {
  private static final int BATCH = 1_000;
  private static final byte[] NOOP_BODY =
      "[[], {}, {\"callbacks\": null, \"errbacks\": null, \"chain\": null, \"chord\": null}]"
          .getBytes(StandardCharsets.UTF_8);
  private static final java.time.Duration CONFIRMED = java.time.Duration.ofSeconds(30);

  private ProducerBench() {}

  static void run(int n) throws Exception {
    String url = AmqpThroughputBench.URL;
    double raw = rawWindow(n, false);
    double rawCelery = rawWindow(n, true);
    double queued = rawQueued(n, 2);
    double queuedTransient = rawQueued(n, 1);
    double one;
    double waiting;
    double eight;
    double batch;
    String queue = "bench.producer." + UUID.randomUUID();
    SendOptions o = SendOptions.builder().queue(queue).ignoreResult(true).build();
    try (Fennel app = Fennel.builder().brokerUrl(url).build()) {
      app.task(Prefill.NOOP).applyAsync(List.of(), Map.of(), o);
      oneThread(app, o, n / 4); // warm-up, unmeasured
      app.unsafe().broker().purge(queue);
      one = oneThread(app, o, n);
      app.unsafe().broker().purge(queue);
      eight = threads(app, o, n, 8);
      app.unsafe().broker().purge(queue);
      batch = batches(app, o, n);
      app.unsafe().broker().purge(queue);
    }
    try (Fennel app = Fennel.builder().brokerUrl(url).set("task_publish_confirm", "wait").build()) {
      waiting = oneThread(app, o, n / 4);
      app.unsafe().broker().purge(queue);
    }
    double celery = Double.NaN;
    if (CeleryPeer.available()) {
      String celeryQueue = "bench.producer.celery." + UUID.randomUUID();
      String line = CeleryPeer.script(url, null, "fennel_bench_send.py", "" + n / 4, celeryQueue);
      celery = Double.parseDouble(line.substring("rate ".length()));
      try (Fennel app = Fennel.builder().brokerUrl(url).build()) {
        app.unsafe().broker().purge(celeryQueue);
      }
    } else {
      System.out.println("# skipped Celery send_task: /usr/bin/python3 has no celery");
    }
    System.out.printf(
        "# producer on RabbitMQ: %d tasks per figure (task_publish_confirm=wait: %d)%n", n, n / 4);
    Benchmarks.report(
        "delay() loop, 1 thread, confirmed", one, "msg/s", celery, "Celery send_task loop");
    Benchmarks.report(
        "delay(), 8 threads, confirmed", eight, "msg/s", celery, "Celery send_task loop");
    // what RabbitMQ confirms at most: the ceiling of every confirmed row, beside Celery's loop
    Benchmarks.report(
        "delay(), 8 threads, confirmed", eight, "msg/s", raw, "raw confirms, window 1000");
    Benchmarks.report(
        "raw confirms, window 1000", raw, "msg/s", celery, "Celery send_task loop (no confirms)");
    // the same raw publisher sending a Celery message's headers: what they cost RabbitMQ
    Benchmarks.report(
        "raw confirms, Celery's headers", rawCelery, "msg/s", raw, "raw confirms, no headers");
    Benchmarks.report(
        "delay(), 8 threads, confirmed", eight, "msg/s", rawCelery, "raw, Celery's headers");
    // RabbitMQ's own ceiling for that message: sent without confirms, timed until the queue holds
    // every one; persistent as Celery sends it, then transient (what the disk costs)
    Benchmarks.report(
        "raw, Celery's headers, no confirms", queued, "msg/s", celery, "Celery send_task loop");
    Benchmarks.report(
        "raw, Celery's headers, no confirms", queued, "msg/s", rawCelery, "raw, Celery's headers");
    Benchmarks.report(
        "same, transient (delivery_mode 1)", queuedTransient, "msg/s", queued, "persistent");
    Benchmarks.report(
        "sendAll, batches of 1000, confirmed", batch, "msg/s", raw, "raw confirms, window 1000");
    Benchmarks.report(
        "sendAll, batches of 1000, confirmed", batch, "msg/s", rawCelery, "raw, Celery's headers");
    Benchmarks.report(
        "delay() loop, 1 thread, confirm=wait", waiting, "msg/s", celery, "Celery send_task loop");
  }

  /**
   * Only eight threads of {@code delay()}, {@code n} messages a round, to run under JFR; each round
   * prints msg/s, CPU per message of this JVM and of RabbitMQ, and bytes allocated per message
   * ({@code -Dbench.rounds=N}, three by default, after an unmeasured warm-up).
   */
  static void profile(int n) throws Exception {
    String queue = "bench.producer.profile." + UUID.randomUUID();
    SendOptions o = SendOptions.builder().queue(queue).ignoreResult(true).build();
    String url = AmqpThroughputBench.URL;
    try (Fennel app = Fennel.builder().brokerUrl(url).build()) {
      app.task(Prefill.NOOP).applyAsync(List.of(), Map.of(), o);
      threads(app, o, n / 10, 8); // warm-up, unmeasured
      app.unsafe().broker().purge(queue);
      int rounds = Integer.getInteger("bench.rounds", 3);
      for (int round = 1; round <= rounds; round++) {
        RoundCost cost = RoundCost.start(url);
        double eight = threads(app, o, n, 8);
        String perMessage = cost.per(n, "message");
        app.unsafe().broker().purge(queue);
        System.out.printf(
            "delay(), 8 threads, confirmed, round %d: %.1f msg/s, %s%n", round, eight, perMessage);
      }
    }
  }

  /** One thread calling {@code delay()}; the clock stops once every message is confirmed. */
  private static double oneThread(Fennel app, SendOptions o, int n) {
    List<AsyncResult> sent = new ArrayList<>(n);
    long t0 = System.nanoTime();
    for (int i = 0; i < n; i++) {
      sent.add(app.task(Prefill.NOOP).applyAsync(List.of(), Map.of(), o));
    }
    sent.forEach(r -> r.awaitSent(CONFIRMED));
    return n / ((System.nanoTime() - t0) / 1e9);
  }

  private static double threads(Fennel app, SendOptions o, int n, int threads)
      throws InterruptedException {
    AtomicInteger left = new AtomicInteger(n);
    List<Thread> started = new ArrayList<>();
    long t0 = System.nanoTime();
    for (int t = 0; t < threads; t++) {
      started.add(
          Thread.ofPlatform()
              .name("bench-producer-" + t)
              .start(() -> {
                List<AsyncResult> sent = new ArrayList<>();
                while (left.getAndDecrement() > 0) {
                  sent.add(app.task(Prefill.NOOP).applyAsync(List.of(), Map.of(), o));
                }
                sent.forEach(r -> r.awaitSent(CONFIRMED));
              }));
    }
    for (Thread t : started) {
      t.join();
    }
    return n / ((System.nanoTime() - t0) / 1e9);
  }

  private static double batches(Fennel app, SendOptions o, int n) {
    long t0 = System.nanoTime();
    for (int sent = 0; sent < n; sent += BATCH) {
      List<TaskCall> calls = new ArrayList<>(BATCH);
      for (int i = 0; i < BATCH; i++) {
        calls.add(TaskCall.of(Prefill.NOOP, List.of(), Map.of(), o));
      }
      app.sendAll(calls);
    }
    return n / ((System.nanoTime() - t0) / 1e9);
  }

  /**
   * amqp-client, persistent, a confirm listener and at most 1,000 unconfirmed messages; with {@code
   * celeryHeaders}, each message also carries the properties and the sixteen headers a Celery 5.2.6
   * {@code delay()} sends, with an id of its own.
   */
  private static double rawWindow(int n, boolean celeryHeaders) throws Exception {
    String queue = "bench.producer.raw." + UUID.randomUUID();
    try (Connection c = RawAmqp.connect()) {
      Channel ch = c.createChannel();
      ch.queueDeclare(queue, true, false, false, null);
      ch.confirmSelect();
      Semaphore window = new Semaphore(1_000);
      ConcurrentSkipListSet<Long> outstanding = new ConcurrentSkipListSet<>();
      ch.addConfirmListener(
          new ConfirmListener() {
            @Override
            public void handleAck(long tag, boolean multiple) {
              settle(tag, multiple);
            }

            @Override
            public void handleNack(long tag, boolean multiple) {
              settle(tag, multiple);
            }

            private void settle(long tag, boolean multiple) {
              if (multiple) {
                var head = outstanding.headSet(tag, true);
                int k = head.size();
                head.clear();
                window.release(k);
              } else if (outstanding.remove(tag)) {
                window.release();
              }
            }
          });
      AMQP.BasicProperties plain = plain(2);
      long t0 = System.nanoTime();
      for (int i = 0; i < n; i++) {
        window.acquire();
        outstanding.add(ch.getNextPublishSeqNo());
        ch.basicPublish("", queue, celeryHeaders ? celeryProperties(plain) : plain, NOOP_BODY);
      }
      window.acquire(1_000);
      double rate = n / ((System.nanoTime() - t0) / 1e9);
      ch.queueDelete(queue);
      return rate;
    }
  }

  /**
   * amqp-client sending Celery's message without confirms, {@code deliveryMode} 2 (persistent, as
   * Celery sends it) or 1; the clock stops when the queue holds all {@code n}, so it times what
   * RabbitMQ takes in, not what the client's socket buffers.
   */
  private static double rawQueued(int n, int deliveryMode) throws Exception {
    String queue = "bench.producer.queued." + UUID.randomUUID();
    try (Connection c = RawAmqp.connect()) {
      Channel ch = c.createChannel();
      ch.queueDeclare(queue, true, false, false, null);
      Channel depth = c.createChannel();
      AMQP.BasicProperties plain = plain(deliveryMode);
      long t0 = System.nanoTime();
      for (int i = 0; i < n; i++) {
        ch.basicPublish("", queue, celeryProperties(plain), NOOP_BODY);
      }
      RawAmqp.awaitDepth(depth, queue, n);
      double rate = n / ((System.nanoTime() - t0) / 1e9);
      ch.queueDelete(queue);
      return rate;
    }
  }

  /** The properties of a Celery task message without its headers. */
  private static AMQP.BasicProperties plain(int deliveryMode) {
    return new AMQP.BasicProperties.Builder()
        .contentType("application/json")
        .contentEncoding("utf-8")
        .deliveryMode(deliveryMode)
        .priority(0)
        .build();
  }

  private static AMQP.BasicProperties celeryProperties(AMQP.BasicProperties plain) {
    String id = UUID.randomUUID().toString();
    Map<String, Object> h = new java.util.LinkedHashMap<>();
    h.put("lang", "py");
    h.put("task", Prefill.NOOP);
    h.put("id", id);
    h.put("shadow", null);
    h.put("eta", null);
    h.put("expires", null);
    h.put("group", null);
    h.put("group_index", null);
    h.put("retries", 0);
    h.put("timelimit", java.util.Arrays.asList(null, null));
    h.put("root_id", id);
    h.put("parent_id", null);
    h.put("argsrepr", "()");
    h.put("kwargsrepr", "{}");
    h.put("origin", "bench@host");
    h.put("ignore_result", true);
    return plain.builder().correlationId(id).headers(h).build();
  }
}
