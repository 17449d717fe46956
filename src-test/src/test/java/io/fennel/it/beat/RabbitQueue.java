package io.fennel.it.beat;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import com.rabbitmq.client.GetResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** A test's look at one RabbitMQ queue: its messages' task headers, and deleting it after. */
final class RabbitQueue implements AutoCloseable {
  private final Connection connection;
  private final Channel channel;
  private final String queue;

  RabbitQueue(String queue) throws Exception {
    ConnectionFactory f = new ConnectionFactory();
    f.setHost("127.0.0.1");
    f.setPort(5672);
    f.setUsername("guest");
    f.setPassword("guest");
    this.connection = f.newConnection("fennel-it-beat");
    this.channel = connection.createChannel();
    this.queue = queue;
    channel.queueDeclare(queue, true, false, false, null);
  }

  /** How many messages wait in the queue. */
  long count() throws Exception {
    return channel.queueDeclarePassive(queue).getMessageCount();
  }

  /** Takes every waiting message and returns each one's {@code id} and {@code task} headers. */
  List<Map<String, String>> drain() throws Exception {
    List<Map<String, String>> out = new ArrayList<>();
    GetResponse r;
    while ((r = channel.basicGet(queue, true)) != null) {
      Map<String, Object> h = r.getProps().getHeaders();
      out.add(
          Map.of(
              "id", String.valueOf(h.get("id")),
              "task", String.valueOf(h.get("task")),
              "body", new String(r.getBody(), StandardCharsets.UTF_8)));
    }
    return out;
  }

  @Override
  public void close() throws java.io.IOException, java.util.concurrent.TimeoutException {
    try {
      channel.queueDelete(queue);
    } finally {
      connection.close();
    }
  }
}
