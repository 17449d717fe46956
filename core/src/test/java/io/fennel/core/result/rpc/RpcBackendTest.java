package io.fennel.core.result.rpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.fennel.core.broker.Broker;
import io.fennel.core.broker.Delivery;
import io.fennel.core.broker.DeliveryHandler;
import io.fennel.core.broker.ExchangeType;
import io.fennel.core.broker.MessageProperties;
import io.fennel.core.broker.OutgoingMessage;
import io.fennel.core.broker.QueueSpec;
import io.fennel.core.broker.Subscription;
import io.fennel.core.error.FennelException;
import io.fennel.protocol.result.ResultRecord;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The rpc:// backend on a fake in-memory broker: Celery 5.2's reply message and reply queue. */
class RpcBackendTest {
  private static final String OID = "c1b5ffe5-2a7e-3b4f-a8f4-3a0c6e2d1f10";
  private static final String TASK = "b97b36b5-9395-4b59-b443-b776325d5728";

  private final FakeBroker broker = new FakeBroker();

  private static ResultRecord success(String id, int v) {
    return new ResultRecord(
        "SUCCESS",
        IntNode.valueOf(v),
        null,
        JsonNodeFactory.instance.arrayNode(),
        null,
        null,
        null,
        id,
        null);
  }

  @Test
  void storePublishesToTheDefaultExchangeRoutedByReplyToWithCorrelationIdTaskId() {
    RpcBackend worker = new RpcBackend(() -> broker, null);

    worker.store(success(TASK, 5), OID);

    assertThat(broker.published).hasSize(1);
    OutgoingMessage m = broker.published.get(0);
    assertThat(m.exchange()).isEqualTo("");
    assertThat(m.routingKey()).isEqualTo(OID);
    MessageProperties p = m.properties();
    assertThat(p.correlationId()).isEqualTo(TASK);
    assertThat(p.deliveryMode()).isEqualTo(MessageProperties.TRANSIENT);
    assertThat(p.contentType()).isEqualTo("application/json");
    assertThat(p.contentEncoding()).isEqualTo("utf-8");
    assertThat(p.priority()).isZero();
    assertThat(p.headers()).isEmpty();
    assertThat(new String(m.body(), StandardCharsets.UTF_8))
        .isEqualTo(
            "{\"task_id\": \""
                + TASK
                + "\", \"status\": \"SUCCESS\", \"result\": 5,"
                + " \"traceback\": null, \"children\": []}");
    assertThat(broker.declared).isEmpty();
  }

  @Test
  void storeWithoutReplyToSendsNothing() {
    new RpcBackend(() -> broker, null).store(success(TASK, 5), null);

    assertThat(broker.published).isEmpty();
  }

  @Test
  void clientDeclaresItsReplyQueueAsCeleryDoes() {
    RpcBackend client = new RpcBackend(() -> broker, OID);

    client.watch(TASK);

    assertThat(broker.declared)
        .containsExactly(new QueueSpec(OID, false, false, true, Map.of("x-expires", 86_400_000)));
    assertThat(broker.consumers).containsKey(OID);
  }

  @Test
  void deliveredReplyCompletesAwait() throws Exception {
    RpcBackend client = new RpcBackend(() -> broker, OID);
    client.watch(TASK);
    CountDownLatch waiting = new CountDownLatch(1);
    CompletableFuture<Optional<ResultRecord>> r =
        CompletableFuture.supplyAsync(() -> {
          waiting.countDown();
          try {
            return client.await(TASK, Duration.ofSeconds(20));
          } catch (InterruptedException e) {
            throw new IllegalStateException(e);
          }
        });
    assertThat(waiting.await(5, TimeUnit.SECONDS)).isTrue();

    // exactly what a Celery 5.2 worker sends
    broker.deliver(
        OID,
        TASK,
        "{\"task_id\": \""
            + TASK
            + "\", \"status\": \"STARTED\", \"result\": {\"pid\": 1,"
            + " \"hostname\": \"w@h\"}, \"traceback\": null, \"children\": []}");
    broker.deliver(
        OID,
        TASK,
        "{\"task_id\": \""
            + TASK
            + "\", \"status\": \"SUCCESS\", \"result\": 5,"
            + " \"traceback\": null, \"children\": []}");

    assertThat(r.get(10, TimeUnit.SECONDS)).contains(success(TASK, 5));
    assertThat(client.get(TASK)).contains(success(TASK, 5));
    assertThat(broker.acks.get()).isEqualTo(2);
  }

  @Test
  void fennelWorkerReplyIsReadByFennelClient() throws Exception {
    RpcBackend client = new RpcBackend(() -> broker, OID);
    client.watch(TASK);
    new RpcBackend(() -> broker, null).store(success(TASK, 8), OID);

    broker.route();

    assertThat(client.await(TASK, Duration.ofSeconds(5))).contains(success(TASK, 8));
  }

  @Test
  void awaitTimesOutWithTheLatestNotReadyState() throws Exception {
    RpcBackend client = new RpcBackend(() -> broker, OID);
    client.watch(TASK);
    broker.deliver(
        OID,
        TASK,
        "{\"task_id\": \""
            + TASK
            + "\", \"status\": \"STARTED\", \"result\": null,"
            + " \"traceback\": null, \"children\": []}");

    Optional<ResultRecord> r = client.await(TASK, Duration.ofMillis(100));

    assertThat(r).map(ResultRecord::status).contains("STARTED");
  }

  @Test
  void replyWithoutTaskIdInBodyUsesCorrelationId() {
    RpcBackend client = new RpcBackend(() -> broker, OID);
    client.watch(TASK);

    broker.deliver(OID, TASK, "{\"status\": \"SUCCESS\", \"result\": 5}");

    assertThat(client.get(TASK)).map(ResultRecord::status).contains("SUCCESS");
  }

  @Test
  void unreadableReplyIsDroppedAndAcked() {
    RpcBackend client = new RpcBackend(() -> broker, OID);
    client.watch(TASK);

    broker.deliver(OID, TASK, "not json");

    assertThat(client.get(TASK)).isEmpty();
    assertThat(broker.acks.get()).isEqualTo(1);
  }

  @Test
  void readingWithoutAReplyQueueIsAClearError() {
    RpcBackend worker = new RpcBackend(() -> broker, null);

    assertThatThrownBy(() -> worker.await(TASK, Duration.ofSeconds(1)))
        .isInstanceOf(FennelException.class)
        .hasMessageContaining("no reply queue");
  }

  /** Records publishes and declarations; the test hands messages to the consumer. */
  static final class FakeBroker implements Broker {
    final List<OutgoingMessage> published = new CopyOnWriteArrayList<>();
    final List<QueueSpec> declared = new CopyOnWriteArrayList<>();
    final Map<String, DeliveryHandler> consumers = new java.util.concurrent.ConcurrentHashMap<>();
    final AtomicInteger acks = new AtomicInteger();

    @Override
    public String url() {
      return "fake://";
    }

    @Override
    public void declareExchange(
        String name, ExchangeType type, boolean durable, boolean autoDelete) {}

    @Override
    public void declareQueue(QueueSpec spec) {
      declared.add(spec);
    }

    @Override
    public void bind(String queue, String exchange, String routingKey) {}

    @Override
    public void publish(OutgoingMessage message) {
      published.add(message);
    }

    @Override
    public Subscription consume(String queue, int prefetch, DeliveryHandler handler) {
      consumers.put(queue, handler);
      return new Subscription() {
        @Override
        public String queue() {
          return queue;
        }

        @Override
        public void prefetch(int count) {}

        @Override
        public void cancel() {
          consumers.remove(queue);
        }

        @Override
        public void close() {
          consumers.remove(queue);
        }
      };
    }

    /** Delivers every published default-exchange message to the queue its routing key names. */
    void route() {
      for (OutgoingMessage m : published) {
        deliver(m.routingKey(), m.properties(), m.body());
      }
      published.clear();
    }

    void deliver(String queue, String correlationId, String body) {
      deliver(
          queue,
          new MessageProperties(
              "application/json", "utf-8", Map.of(), 1, 0, correlationId, null, null),
          body.getBytes(StandardCharsets.UTF_8));
    }

    void deliver(String queue, MessageProperties props, byte[] body) {
      DeliveryHandler h = consumers.get(queue);
      if (h == null) {
        throw new IllegalStateException("nobody consumes " + queue);
      }
      h.handle(
          new Delivery() {
            @Override
            public String exchange() {
              return "";
            }

            @Override
            public String routingKey() {
              return queue;
            }

            @Override
            public String queue() {
              return queue;
            }

            @Override
            public MessageProperties properties() {
              return props;
            }

            @Override
            public byte[] body() {
              return body;
            }

            @Override
            public boolean redelivered() {
              return false;
            }

            @Override
            public void ack() {
              acks.incrementAndGet();
            }

            @Override
            public void reject(boolean requeue) {}
          });
    }

    @Override
    public long purge(String queue) {
      return 0;
    }

    @Override
    public Optional<QueueStats> queueStats(String queue) {
      return Optional.empty();
    }

    @Override
    public boolean isConnected() {
      return true;
    }

    @Override
    public void close() {}
  }
}
