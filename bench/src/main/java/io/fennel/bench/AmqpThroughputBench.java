package io.fennel.bench;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.DefaultConsumer;
import com.rabbitmq.client.Envelope;
import io.fennel.core.Fennel;
import io.fennel.core.producer.SendOptions;
import io.fennel.core.worker.PoolType;
import io.fennel.core.worker.Worker;
import io.fennel.core.worker.WorkerOptions;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * No-op tasks per second through RabbitMQ: Fennel's producer (persistent, confirmed) and a Fennel
 * worker with {@code -c 2} (manual acks, prefetch 8), beside one raw amqp-client producer and
 * consumer with the same durability, confirms, acks and prefetch, in the same run.
 */
final class AmqpThroughputBench {
  private AmqpThroughputBench() {}

  static final String URL = "amqp://guest:guest@127.0.0.1:5672//";

  static void run(int n) throws Exception {
    double[] raw = raw(n);
    double[] fennel = fennel(n);
    Benchmarks.report(
        "publish no-op tasks, confirmed (Fennel)",
        fennel[0],
        "msg/s",
        raw[0],
        "raw amqp-client publish");
    Benchmarks.report(
        "run no-op tasks, -c 2 (Fennel worker)",
        fennel[1],
        "tasks/s",
        raw[1],
        "raw consume+ack, prefetch 8");
  }

  private static double[] fennel(int n) throws Exception {
    String queue = "bench.fennel." + UUID.randomUUID();
    try (Fennel app = Fennel.builder().brokerUrl(URL).build()) {
      app.register("bench.noop", c -> null);
      SendOptions o = SendOptions.builder().queue(queue).ignoreResult(true).build();
      app.task("bench.noop").applyAsync(List.of(), Map.of(), o);
      app.unsafe().broker().purge(queue);
      long t0 = System.nanoTime();
      for (int i = 0; i < n; i++) {
        app.task("bench.noop").applyAsync(List.of(), Map.of(), o);
      }
      double publishRate = n / ((System.nanoTime() - t0) / 1e9);
      Worker w =
          app.worker(
              new WorkerOptions("bench@localhost", List.of(queue), PoolType.THREADS, 2, 4, false));
      long t1 = System.nanoTime();
      w.start();
      while (w.control().processed() < n) {
        Thread.onSpinWait();
        Thread.sleep(1);
      }
      double runRate = n / ((System.nanoTime() - t1) / 1e9);
      w.shutdown();
      w.awaitStopped(java.time.Duration.ofSeconds(30));
      app.unsafe().broker().purge(queue);
      return new double[] {publishRate, runRate};
    }
  }

  private static double[] raw(int n) throws Exception {
    String queue = "bench.raw." + UUID.randomUUID();
    try (Connection c = RawAmqp.connect()) {
      Channel ch = c.createChannel();
      ch.queueDeclare(queue, true, false, false, null);
      ch.confirmSelect();
      byte[] body =
          "[[], {}, {\"callbacks\": null, \"errbacks\": null, \"chain\": null, \"chord\": null}]"
              .getBytes(StandardCharsets.UTF_8);
      AMQP.BasicProperties props =
          new AMQP.BasicProperties.Builder()
              .contentType("application/json")
              .contentEncoding("utf-8")
              .deliveryMode(2)
              .priority(0)
              .build();
      long t0 = System.nanoTime();
      for (int i = 0; i < n; i++) {
        ch.basicPublish("", queue, props, body);
        ch.waitForConfirmsOrDie(10_000);
      }
      double publishRate = n / ((System.nanoTime() - t0) / 1e9);
      Channel consumer = c.createChannel();
      consumer.basicQos(8);
      CountDownLatch done = new CountDownLatch(n);
      long t1 = System.nanoTime();
      consumer.basicConsume(
          queue,
          false,
          new DefaultConsumer(consumer) {
            @Override
            public void handleDelivery(String tag, Envelope env, AMQP.BasicProperties p, byte[] b)
                throws java.io.IOException {
              getChannel().basicAck(env.getDeliveryTag(), false);
              done.countDown();
            }
          });
      done.await(10, TimeUnit.MINUTES);
      double consumeRate = n / ((System.nanoTime() - t1) / 1e9);
      ch.queueDelete(queue);
      return new double[] {publishRate, consumeRate};
    }
  }
}
