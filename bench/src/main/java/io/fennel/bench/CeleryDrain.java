package io.fennel.bench;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.DeliverCallback;
import io.fennel.core.Fennel;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import redis.clients.jedis.JedisPubSub;
import redis.clients.jedis.RedisClient;

/**
 * Celery 5.2.6 prefork {@code -c 2 -E} draining a queue pre-filled with {@code n} no-op tasks: the
 * rate is counted from its {@code task-succeeded} events, from the first to the last, so the Python
 * worker's start-up time is left out.
 */
final class CeleryDrain {
  private static final String SUCCEEDED = "\"task-succeeded\"";

  private CeleryDrain() {}

  static double rate(String url, int n) throws Exception {
    String queue = "bench.celery." + UUID.randomUUID();
    String node = "benchcelery" + UUID.randomUUID().toString().substring(0, 8) + "@localhost";
    try (Fennel app = Fennel.builder().brokerUrl(url).build()) {
      app.register(Prefill.NOOP, c -> null);
      Prefill.noops(app, queue, n);
      Counter counter = new Counter(n);
      AutoCloseable listening =
          url.startsWith("amqp") ? amqpEvents(counter, node) : redisEvents(url, counter, node);
      Process celery = CeleryPeer.worker(url, null, queue, node, true);
      try {
        int before = -1;
        while (!counter.done.await(20, TimeUnit.SECONDS)) {
          int now = counter.seen.get();
          if (now == before) {
            throw new IllegalStateException(
                "Celery stalled after " + now + " of " + n + " task-succeeded events");
          }
          before = now;
        }
      } finally {
        CeleryPeer.stop(celery);
        listening.close();
        app.unsafe().broker().purge(queue);
      }
      return (n - 1) / ((counter.last.get() - counter.first.get()) / 1e9);
    }
  }

  /** Counts task-succeeded events of one node and notes when the first and the last came. */
  private static final class Counter {
    final int n;
    final AtomicInteger seen = new AtomicInteger();
    final AtomicLong first = new AtomicLong();
    final AtomicLong last = new AtomicLong();
    final CountDownLatch done = new CountDownLatch(1);

    Counter(int n) {
      this.n = n;
    }

    void body(String json) {
      int k = 0;
      for (int i = json.indexOf(SUCCEEDED); i >= 0; i = json.indexOf(SUCCEEDED, i + 1)) {
        k++;
      }
      if (k == 0) {
        return;
      }
      long now = System.nanoTime();
      first.compareAndSet(0, now);
      if (seen.addAndGet(k) >= n && last.compareAndSet(0, now)) {
        done.countDown();
      }
    }
  }

  private static AutoCloseable amqpEvents(Counter counter, String node) throws Exception {
    Connection c = RawAmqp.connect();
    Channel ch = c.createChannel();
    ch.exchangeDeclare("celeryev", "topic", true);
    String q = ch.queueDeclare().getQueue();
    ch.queueBind(q, "celeryev", "task.#");
    DeliverCallback cb =
        (tag, d) -> {
          Object host = d.getProperties().getHeaders().get("hostname");
          if (host != null && node.equals(host.toString())) {
            counter.body(new String(d.getBody(), StandardCharsets.UTF_8));
          }
        };
    ch.basicConsume(q, true, cb, tag -> {});
    return c::close;
  }

  private static AutoCloseable redisEvents(String url, Counter counter, String node)
      throws InterruptedException {
    String db = url.substring(url.lastIndexOf('/') + 1);
    RedisClient redis = RedisClient.create(url);
    CountDownLatch subscribed = new CountDownLatch(1);
    JedisPubSub sub =
        new JedisPubSub() {
          @Override
          public void onPSubscribe(String pattern, int count) {
            subscribed.countDown();
          }

          @Override
          public void onPMessage(String pattern, String channel, String message) {
            int at = message.indexOf("\"body\": \"");
            if (at < 0) {
              return;
            }
            int start = at + 9;
            String b64 = message.substring(start, message.indexOf('"', start));
            String json = new String(Base64.getDecoder().decode(b64), StandardCharsets.UTF_8);
            if (json.contains(node)) {
              counter.body(json);
            }
          }
        };
    Thread t =
        Thread.ofPlatform()
            .daemon()
            .name("bench-celeryev")
            .start(() -> redis.psubscribe(sub, "/" + db + ".celeryev/*"));
    subscribed.await(10, TimeUnit.SECONDS);
    return () -> {
      sub.punsubscribe();
      t.join(5_000);
      redis.close();
    };
  }
}
