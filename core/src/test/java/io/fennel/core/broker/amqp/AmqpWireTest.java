package io.fennel.core.broker.amqp;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.GetResponse;
import com.rabbitmq.client.LongString;
import io.fennel.core.broker.Delivery;
import io.fennel.core.broker.MessageProperties;
import io.fennel.core.broker.OutgoingMessage;
import io.fennel.core.broker.QueueSpec;
import io.fennel.core.broker.Subscription;
import io.fennel.core.testing.RequiresRabbitMq;
import io.fennel.core.testing.TcpProxy;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** What the AMQP broker puts on the wire, checked against RabbitMQ itself and Celery's captures. */
@ExtendWith(RequiresRabbitMq.class)
class AmqpWireTest {
  private Connection raw;
  private Channel channel;
  private final String queue = "fennel.test.wire." + UUID.randomUUID().toString().substring(0, 8);

  @BeforeEach
  void connect() throws Exception {
    raw = RequiresRabbitMq.rawConnection();
    channel = raw.createChannel();
  }

  @AfterEach
  void cleanUp() throws Exception {
    try (Channel cleanup = raw.createChannel()) {
      cleanup.queueDelete(queue);
    }
    raw.close();
  }

  @Test
  void headersGoOutInTheirOrderWithCeleryFieldTypes() throws Exception {
    Map<String, Object> headers = new LinkedHashMap<>();
    headers.put("lang", "py");
    headers.put("retries", 0);
    headers.put("eta", null);
    headers.put("timelimit", Arrays.asList(null, null));
    headers.put("ignore_result", false);
    headers.put("d", 1.5);
    try (TcpProxy proxy = new TcpProxy(RequiresRabbitMq.HOST, RequiresRabbitMq.PORT);
        AmqpBroker broker =
            AmqpBroker.open("amqp://guest:guest@127.0.0.1:" + proxy.port() + "//")) {
      broker.declareQueue(new QueueSpec(queue, false, false, false, Map.of()));
      broker.publish(
          new OutgoingMessage(
              "",
              queue,
              MessageProperties.json(headers, MessageProperties.PERSISTENT),
              new byte[0]));

      assertThat(indexOf(proxy.sentBytes(), expectedTable()))
          .as("the header table as Celery writes it: S, I, V, A[V,V], t, d in this order")
          .isNotNegative();
    }

    GetResponse response = channel.basicGet(queue, true);
    assertThat(response).isNotNull();
    Map<String, Object> received = response.getProps().getHeaders();
    assertThat(received.get("lang")).isInstanceOf(LongString.class).hasToString("py");
    assertThat(received.get("retries")).isEqualTo(0);
    assertThat(received).containsEntry("eta", null);
    assertThat(received.get("timelimit"))
        .isInstanceOf(List.class)
        .isEqualTo(Arrays.asList(null, null));
    assertThat(received.get("ignore_result")).isEqualTo(Boolean.FALSE);
    assertThat(received.get("d")).isEqualTo(1.5);
    assertThat(response.getProps().getDeliveryMode()).isEqualTo(2);
    assertThat(response.getProps().getContentType()).isEqualTo("application/json");
  }

  @Test
  void taskQueueIsDeclaredExactlyAsCeleryDeclaresIt() throws Exception {
    try (AmqpBroker broker = AmqpBroker.open(RequiresRabbitMq.URL)) {
      broker.declareQueue(QueueSpec.task(queue));
    }

    channel.queueDeclarePassive(queue);
    channel.queueDeclare(queue, true, false, false, Map.of());
    assertThatThrownBy(
            () -> channel.queueDeclare(queue, true, false, false, Map.of("x-max-priority", 10)))
        .isInstanceOf(IOException.class)
        .rootCause()
        .hasMessageContaining("PRECONDITION_FAILED");
  }

  @Test
  void subscriptionResumesAfterTheConnectionDropsAndComesBack() throws Exception {
    BlockingQueue<Delivery> received = new LinkedBlockingQueue<>();
    try (TcpProxy proxy = new TcpProxy(RequiresRabbitMq.HOST, RequiresRabbitMq.PORT);
        AmqpBroker broker =
            AmqpBroker.open(
                "amqp://guest:guest@127.0.0.1:" + proxy.port() + "//", Duration.ofMillis(200))) {
      broker.declareQueue(new QueueSpec(queue, false, false, false, Map.of()));
      Subscription subscription = broker.consume(queue, 1, received::add);
      channel.basicPublish("", queue, null, "before".getBytes(UTF_8));
      Delivery before = received.poll(10, TimeUnit.SECONDS);
      assertThat(before).isNotNull();
      before.ack();

      proxy.dropConnections();
      await().atMost(Duration.ofSeconds(10)).until(() -> !broker.isConnected());
      await().atMost(Duration.ofSeconds(15)).until(broker::isConnected);
      channel.basicPublish("", queue, null, "after".getBytes(UTF_8));

      // the ack of "before" may have been lost with the connection: then it comes again first
      Delivery after = received.poll(15, TimeUnit.SECONDS);
      assertThat(after).isNotNull();
      if (new String(after.body(), UTF_8).equals("before")) {
        assertThat(after.redelivered()).isTrue();
        after.ack();
        after = received.poll(15, TimeUnit.SECONDS);
        assertThat(after).isNotNull();
      }
      assertThat(new String(after.body(), UTF_8)).isEqualTo("after");
      assertThat(Thread.getAllStackTraces().keySet())
          .extracting(Thread::getName)
          .contains("fennel-amqp-connection-127.0.0.1:" + proxy.port())
          .doesNotContain("AMQP Connection 127.0.0.1:" + proxy.port());
      after.ack();
      subscription.close();
    }
  }

  @Test
  void passiveLookupOfAMissingQueueIsEmptyAndLeavesTheBrokerUsable() {
    try (AmqpBroker broker = AmqpBroker.open(RequiresRabbitMq.URL)) {
      assertThat(broker.queueStats(queue)).isEmpty();
      assertThat(broker.purge(queue)).isZero();
      broker.declareQueue(QueueSpec.task(queue));
      assertThat(broker.queueStats(queue)).isPresent();
      assertThatThrownBy(() -> broker.declareQueue(QueueSpec.task(queue, 10)))
          .hasMessageContaining("cannot declare queue '" + queue + "'")
          .hasMessageContaining("PRECONDITION_FAILED");
      assertThat(broker.isConnected()).isTrue();
      assertThat(broker.queueStats(queue)).isPresent();
    }
  }

  /** The AMQP field-table entries Celery writes for these headers, byte for byte. */
  private static byte[] expectedTable() throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    DataOutputStream out = new DataOutputStream(bytes);
    key(out, "lang");
    out.writeByte('S');
    out.writeInt(2);
    out.write("py".getBytes(UTF_8));
    key(out, "retries");
    out.writeByte('I');
    out.writeInt(0);
    key(out, "eta");
    out.writeByte('V');
    key(out, "timelimit");
    out.writeByte('A');
    out.writeInt(2);
    out.writeByte('V');
    out.writeByte('V');
    key(out, "ignore_result");
    out.writeByte('t');
    out.writeByte(0);
    key(out, "d");
    out.writeByte('d');
    out.writeDouble(1.5);
    return bytes.toByteArray();
  }

  private static void key(DataOutputStream out, String key) throws IOException {
    out.writeByte(key.length());
    out.write(key.getBytes(UTF_8));
  }

  private static int indexOf(byte[] haystack, byte[] needle) {
    outer:
    for (int i = 0; i + needle.length <= haystack.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (haystack[i + j] != needle[j]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }
}
