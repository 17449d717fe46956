package io.fennel.it.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import io.fennel.core.Fennel;
import io.fennel.core.producer.SendOptions;
import io.fennel.core.worker.Worker;
import io.fennel.it.support.Services;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * Fault suite: 10,000 messages on real RabbitMQ, half of them poison of every kind a peer can send
 * (pickle, bad JSON, wrong shapes, missing headers, bad dates, unknown tasks, a {@code retries}
 * beyond 32 bits). Every good task runs exactly once, every poison message is settled once and
 * never redelivered, and the worker is still consuming at the end. Counts: sent, completed, lost,
 * duplicated.
 */
class PoisonFloodTest {
  private static final int SENT = 5_000;

  @Test
  void tenThousandMixedPoisonMessagesNeitherStopNorDuplicateTheGoodOnes() throws Exception {
    Services.requireRabbit();
    String queue = "it.faults.poison." + UUID.randomUUID();
    Map<Long, AtomicInteger> runs = new ConcurrentHashMap<>();
    ConnectionFactory cf = new ConnectionFactory();
    cf.setHost("127.0.0.1");
    cf.setPort(5672);
    try (Fennel app = Fennel.builder().brokerUrl(Services.RABBIT_URL).build();
        Connection raw = cf.newConnection("poison-flood");
        Channel ch = raw.createChannel()) {
      app.register(
          "fault.count",
          c ->
              runs.computeIfAbsent(c.arg(0, Long.class), k -> new AtomicInteger())
                  .incrementAndGet());
      Worker worker = app.worker(app.workerOptions("poison@%h", List.of(queue)));
      worker.start();
      try {
        SendOptions toQueue = SendOptions.builder().queue(queue).build();
        for (int i = 0; i < SENT; i++) {
          app.sendTask("fault.count", List.of((long) i), Map.of(), toQueue);
          ch.basicPublish("", queue, poisonProps(i), poisonBody(i));
        }
        await()
            .atMost(Duration.ofMinutes(2))
            .pollInterval(Duration.ofMillis(200))
            .until(() -> runs.size() == SENT && ch.messageCount(queue) == 0);
        // The queue is empty and stays so: nothing poison went back on it.
        assertThat(ch.queueDeclarePassive(queue).getMessageCount()).isZero();
        long duplicated = runs.values().stream().filter(n -> n.get() > 1).count();
        long lost = SENT - runs.size();
        assertThat(lost).as("lost").isZero();
        assertThat(duplicated).as("duplicated").isZero();
        // And the worker still runs a task sent after the flood.
        app.sendTask("fault.count", List.of(-1L), Map.of(), toQueue);
        await().atMost(Duration.ofSeconds(30)).until(() -> runs.containsKey(-1L));
      } finally {
        worker.shutdown();
        worker.awaitStopped(Duration.ofSeconds(30));
        ch.queueDelete(queue);
      }
    }
  }

  private static final String[] KINDS = {
    "pickle",
    "badjson",
    "object",
    "argsnotlist",
    "notask",
    "noid",
    "baddate",
    "unknown",
    "bigint",
    "empty"
  };

  private static AMQP.BasicProperties poisonProps(int i) {
    String kind = KINDS[i % KINDS.length];
    Map<String, Object> h = new HashMap<>();
    h.put("lang", "py");
    h.put("task", "fault.count");
    h.put("id", UUID.randomUUID().toString());
    switch (kind) {
      case "notask" -> h.remove("task");
      case "noid" -> h.remove("id");
      case "baddate" -> h.put("eta", "the day after never");
      case "unknown" -> h.put("task", "fault.no-such-task");
      case "bigint" -> h.put("retries", 1L << 40);
      default -> {}
    }
    String type = kind.equals("pickle") ? "application/x-python-serialize" : "application/json";
    return new AMQP.BasicProperties.Builder()
        .contentType(type)
        .contentEncoding("utf-8")
        .headers(h)
        .deliveryMode(2)
        .build();
  }

  private static byte[] poisonBody(int i) {
    String kind = KINDS[i % KINDS.length];
    String body =
        switch (kind) {
          case "pickle" -> "\u0080\u0004\u0095poison";
          case "badjson" -> "[[1], {}, {";
          case "object" -> "{\"args\": [1]}";
          case "argsnotlist" -> "[7, {}, {}]";
          case "empty" -> "";
          default -> "[[" + (1_000_000 + i) + "], {}, {}]";
        };
    return body.getBytes(StandardCharsets.UTF_8);
  }
}
