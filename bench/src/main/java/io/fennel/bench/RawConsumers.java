package io.fennel.bench;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.DefaultConsumer;
import com.rabbitmq.client.Envelope;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntConsumer;
import redis.clients.jedis.RedisClient;

/** The bare client consumers the worker figures are measured against, draining the same queue. */
final class RawConsumers {
  private static final int ACK_EVERY = 100;

  private RawConsumers() {}

  /**
   * amqp-client, manual acks, prefetch 1,000, one {@code basic.ack multiple=true} per 100
   * deliveries; returns messages per second.
   */
  static double amqp(String queue, int n) throws Exception {
    return amqp(queue, n, 1000);
  }

  /**
   * As above at {@code prefetch}, acking every {@code prefetch / 4} deliveries (at most 100), as
   * the worker's ack batching does: what the broker gives any consumer held to that prefetch.
   */
  static double amqp(String queue, int n, int prefetch) throws Exception {
    CountDownLatch done = new CountDownLatch(1);
    long nanos =
        drain(
            queue,
            n,
            prefetch,
            k -> {
              if (k == n) {
                done.countDown();
              }
            },
            done);
    return n / (nanos / 1e9);
  }

  /**
   * amqp-client as above with prefetch {@code n}, starting a virtual thread per delivery that
   * sleeps {@code sleepMillis}; returns the seconds until the last sleep ended.
   */
  static double amqpSleeps(String queue, int n, long sleepMillis) throws Exception {
    CountDownLatch done = new CountDownLatch(n);
    long nanos = drain(queue, n, n, k -> sleepThenCount(sleepMillis, done), done);
    return nanos / 1e9;
  }

  /** A virtual thread that sleeps {@code sleepMillis}, then counts {@code done} down. */
  private static void sleepThenCount(long sleepMillis, CountDownLatch done) {
    Thread.ofVirtual()
        .name("bench-raw-sleep")
        .start(() -> {
          try {
            Thread.sleep(sleepMillis);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
          done.countDown();
        });
  }

  /**
   * Consumes {@code n} deliveries of {@code queue} at {@code prefetch}, acking every {@code
   * prefetch / 4}th (at most every 100th) with {@code multiple=true}, telling {@code each} the
   * count so far; returns when {@code done} opens, with the nanoseconds from {@code basic.consume}
   * until then.
   */
  private static long drain(
      String queue, int n, int prefetch, IntConsumer each, CountDownLatch done) throws Exception {
    try (Connection c = RawAmqp.connect()) {
      Channel ch = c.createChannel();
      ch.basicQos(prefetch);
      AtomicInteger seen = new AtomicInteger();
      int ackEvery = Math.clamp(prefetch / 4, 1, ACK_EVERY);
      long t0 = System.nanoTime();
      ch.basicConsume(
          queue,
          false,
          new DefaultConsumer(ch) {
            @Override
            public void handleDelivery(String tag, Envelope env, AMQP.BasicProperties p, byte[] b)
                throws IOException {
              int k = seen.incrementAndGet();
              if (k % ackEvery == 0 || k == n) {
                getChannel().basicAck(env.getDeliveryTag(), true);
              }
              each.accept(k);
            }
          });
      if (!done.await(10, TimeUnit.MINUTES)) {
        throw new IllegalStateException(
            "the bare consumer of " + queue + " stalled after " + seen.get() + " of " + n);
      }
      return System.nanoTime() - t0;
    }
  }

  /**
   * Two Jedis BRPOP loops, each starting a virtual thread per popped message that sleeps {@code
   * sleepMillis}; returns the seconds until the last sleep ended.
   */
  static double redisSleeps(String url, String queue, int n, long sleepMillis) throws Exception {
    try (RedisClient redis = RedisClient.create(url)) {
      AtomicInteger left = new AtomicInteger(n);
      CountDownLatch done = new CountDownLatch(n);
      CountDownLatch stopped = new CountDownLatch(2);
      long t0 = System.nanoTime();
      for (int c = 0; c < 2; c++) {
        Thread.ofPlatform()
            .daemon()
            .name("bench-brpop-sleep-" + c)
            .start(() -> {
              while (left.get() > 0) {
                if (redis.brpop(1, queue) != null) {
                  left.decrementAndGet();
                  sleepThenCount(sleepMillis, done);
                }
              }
              stopped.countDown();
            });
      }
      if (!done.await(10, TimeUnit.MINUTES)) {
        throw new IllegalStateException("the bare Redis consumer of " + queue + " stalled");
      }
      double seconds = (System.nanoTime() - t0) / 1e9;
      stopped.await(10, TimeUnit.SECONDS);
      return seconds;
    }
  }

  /** Two Jedis BRPOP loops (as two worker threads would pop); returns messages per second. */
  static double redis(String url, String queue, int n) throws Exception {
    try (RedisClient redis = RedisClient.create(url)) {
      AtomicInteger left = new AtomicInteger(n);
      CountDownLatch done = new CountDownLatch(1);
      CountDownLatch stopped = new CountDownLatch(2);
      java.util.concurrent.atomic.AtomicLong end = new java.util.concurrent.atomic.AtomicLong();
      long t0 = System.nanoTime();
      for (int c = 0; c < 2; c++) {
        Thread.ofPlatform()
            .daemon()
            .name("bench-brpop-" + c)
            .start(() -> {
              // the clock stops at the last pop, not when the other loop's BRPOP times out
              while (left.get() > 0) {
                List<String> popped = redis.brpop(1, queue);
                if (popped != null && left.decrementAndGet() == 0) {
                  end.set(System.nanoTime());
                  done.countDown();
                }
              }
              stopped.countDown();
            });
      }
      done.await(10, TimeUnit.MINUTES);
      stopped.await(10, TimeUnit.SECONDS); // no BRPOP left to take the next run's messages
      return n / ((end.get() - t0) / 1e9);
    }
  }
}
