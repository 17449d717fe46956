package io.fennel.core.broker.amqp;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ShutdownSignalException;
import io.fennel.core.broker.Broker;
import io.fennel.core.broker.BrokerUnavailableException;
import io.fennel.core.broker.DeliveryHandler;
import io.fennel.core.broker.ExchangeType;
import io.fennel.core.broker.MessageProperties;
import io.fennel.core.broker.OutgoingMessage;
import io.fennel.core.broker.QueueSpec;
import io.fennel.core.broker.Subscription;
import io.fennel.core.error.FennelException;
import io.fennel.core.runtime.FailureHandler;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * RabbitMQ through amqp-client 5: one connection, publishing and declaring on pooled channels in
 * confirm mode, and a channel of its own for each subscription.
 *
 * <ul>
 *   <li>Persistent messages ({@code delivery_mode=2}) wait for the publisher confirm, up to 10 s;
 *       transient ones do not. They share one confirm channel ({@link ConfirmedPublisher}), so
 *       concurrent publishers and {@link #publishAll} batches are confirmed pipelined, often by one
 *       {@code multiple=true} ack, with at most 1,000 in flight.
 *   <li>Headers go out in their map's order with Celery's field types; see {@link AmqpHeaders}.
 *   <li>The connection recovers by itself (every 5 s by default), and so does the topology declared
 *       through it: exchanges, queues, bindings and consumers come back, and subscriptions resume
 *       without any action. While it is down, {@link #isConnected()} is false and publishing throws
 *       {@link BrokerUnavailableException}. Deliveries that were unsettled when it dropped are
 *       redelivered by the broker; settling the stale ones is ignored.
 *   <li>Threads are named {@code fennel-amqp-<n>}; deliveries run on them.
 * </ul>
 *
 * <p>Reaching RabbitMQ (connection settings, recovery, threads) is {@link AmqpConnector}'s job;
 * turning amqp-client's exceptions into Fennel's is {@link AmqpFailures}'.
 */
final class AmqpBroker implements Broker {
  private static final Logger log = LoggerFactory.getLogger(AmqpBroker.class);
  private static final Duration CONFIRM_TIMEOUT = Duration.ofSeconds(10);
  private static final int CONFIRM_WINDOW = 1_000;
  static final int EVENT_WINDOW = 2_048;
  private static final Duration DEFAULT_RECOVERY_INTERVAL = Duration.ofSeconds(5);

  private final AmqpAddress address;
  private final Connection connection;
  private final ChannelPool channels;
  private final FailureHandler failures = FailureHandler.logging();
  private final ConfirmedPublisher confirmed;
  private final Set<AmqpSubscription> subscriptions = ConcurrentHashMap.newKeySet();
  private volatile boolean closed;
  private final AmqpTimer timer = new AmqpTimer(failures);

  private AmqpBroker(AmqpAddress address, Connection connection) {
    this.address = address;
    this.connection = connection;
    this.channels = new ChannelPool(connection, 16);
    this.confirmed =
        new ConfirmedPublisher(connection, CONFIRM_WINDOW, CONFIRM_TIMEOUT, timer::get);
  }

  /**
   * Connects to {@code amqp://user:pass@host:port/vhost} ({@code amqps}, {@code pyamqp} too).
   *
   * @throws BrokerUnavailableException when RabbitMQ cannot be reached or refuses the login
   */
  static AmqpBroker open(String url) {
    return open(url, DEFAULT_RECOVERY_INTERVAL);
  }

  /** As {@link #open(String)}, retrying a lost connection every {@code recoveryInterval}. */
  static AmqpBroker open(String url, Duration recoveryInterval) {
    AmqpAddress address = AmqpAddress.parse(url);
    return new AmqpBroker(address, AmqpConnector.connect(address, List.of(), recoveryInterval));
  }

  /**
   * As {@link #open(String)}; when the connection is lost, recovery tries {@code url} and then the
   * {@code failover} URLs in turn (those that differ from {@code url} only in host and port).
   */
  static AmqpBroker open(String url, List<String> failover) {
    AmqpAddress address = AmqpAddress.parse(url);
    List<AmqpAddress> others = failover.stream().map(AmqpAddress::parse).toList();
    return new AmqpBroker(
        address, AmqpConnector.connect(address, others, DEFAULT_RECOVERY_INTERVAL));
  }

  @Override
  public String url() {
    return address.maskedUrl();
  }

  @Override
  public void declareExchange(String name, ExchangeType type, boolean durable, boolean autoDelete) {
    if (name.isEmpty()) {
      return;
    }
    call(
        "declare exchange '" + name + "'",
        channel -> channel.exchangeDeclare(name, type.amqpName(), durable, autoDelete, Map.of()));
  }

  @Override
  public void declareQueue(QueueSpec spec) {
    call(
        "declare queue '" + spec.name() + "'",
        channel ->
            channel.queueDeclare(
                spec.name(),
                spec.durable(),
                spec.exclusive(),
                spec.autoDelete(),
                AmqpHeaders.toAmqp(spec.args())));
  }

  @Override
  public void bind(String queue, String exchange, String routingKey) {
    call(
        "bind queue '" + queue + "' to exchange '" + exchange + "'",
        channel -> channel.queueBind(queue, exchange, routingKey));
  }

  @Override
  public void publish(OutgoingMessage message) {
    AMQP.BasicProperties properties = OrderedProperties.of(message.properties());
    if (!persistent(properties)) {
      byte[] body = body(message);
      call(
          describe(message),
          channel -> {
            channel.basicPublish(message.exchange(), message.routingKey(), false, properties, body);
            return null;
          });
      return;
    }
    awaitConfirm(describe(message), publishConfirmed(message, properties));
  }

  /** Pipelines the messages on the confirm channel, then waits for every confirm. */
  @Override
  public void publishAll(List<OutgoingMessage> messages) {
    AmqpBatches.publishAll(this, messages);
  }

  /** Writes the message on the confirm channel; the future settles as {@link #publish} would. */
  @Override
  public CompletableFuture<Void> publishAsync(OutgoingMessage message) {
    AMQP.BasicProperties properties = OrderedProperties.of(message.properties());
    if (!persistent(properties)) {
      return Broker.super.publishAsync(message);
    }
    String action = describe(message);
    return publishConfirmed(message, properties)
        .handle((ok, e) -> {
          if (e == null) {
            return null;
          }
          throw afterWrite(
              action, e instanceof CompletionException && e.getCause() != null ? e.getCause() : e);
        });
  }

  /** A failure after the message was written, so it may have reached the broker: says so. */
  private FennelException afterWrite(String action, Throwable cause) {
    if (cause instanceof TimeoutException t) {
      return new BrokerUnavailableException(
          url(), "no publisher confirm within " + CONFIRM_TIMEOUT.toSeconds() + " s", t, true);
    }
    FennelException f =
        failure(action, cause instanceof Exception ex ? ex : new IOException(cause));
    return f instanceof BrokerUnavailableException b
        ? new BrokerUnavailableException(url(), b.getMessage(), cause, true)
        : f;
  }

  static boolean persistent(AMQP.BasicProperties properties) {
    return Integer.valueOf(MessageProperties.PERSISTENT).equals(properties.getDeliveryMode());
  }

  private static byte[] body(OutgoingMessage message) {
    return message.body() == null ? new byte[0] : message.body();
  }

  private static String describe(OutgoingMessage message) {
    return "publish to exchange '"
        + message.exchange()
        + "' with routing key '"
        + message.routingKey()
        + "'";
  }

  /** Writes one persistent message on the confirm channel; the future completes on its confirm. */
  CompletableFuture<Void> publishConfirmed(
      OutgoingMessage message, AMQP.BasicProperties properties) {
    ensureOpen();
    try {
      return confirmed.publish(
          message.exchange(), message.routingKey(), properties, body(message), CONFIRM_TIMEOUT);
    } catch (IOException | ShutdownSignalException e) {
      throw failure(describe(message), e);
    } catch (TimeoutException e) {
      throw new BrokerUnavailableException(url(), e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new FennelException("interrupted while waiting to " + describe(message), e);
    }
  }

  void awaitConfirm(String action, CompletableFuture<Void> confirm) {
    try {
      confirm.get(CONFIRM_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (ExecutionException e) {
      throw afterWrite(action, e.getCause() != null ? e.getCause() : e);
    } catch (TimeoutException e) {
      confirm.completeExceptionally(e);
      throw afterWrite(action, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new FennelException("interrupted while waiting to " + action + " on " + url(), e);
    }
  }

  @Override
  public Subscription consume(String queue, int prefetch, DeliveryHandler handler) {
    if (prefetch < 0) {
      throw new IllegalArgumentException("prefetch must be >= 0, was " + prefetch);
    }
    return subscribe(queue, prefetch, handler);
  }

  /** Acks each once the handler returns, {@link #EVENT_WINDOW} unacked at most: floods wait. */
  @Override
  public Subscription consumeAutoAck(String queue, DeliveryHandler handler) {
    DeliveryHandler acking =
        d -> {
          try {
            handler.handle(new AutoAcked(d));
          } finally {
            d.ack();
          }
        };
    return subscribe(queue, EVENT_WINDOW, acking);
  }

  /** Consumes {@code queue} on a channel of its own, manual acks, {@code prefetch} unsettled. */
  private Subscription subscribe(String queue, int prefetch, DeliveryHandler handler) {
    ensureOpen();
    Channel channel = null;
    try {
      channel = connection.createChannel();
      if (channel == null) {
        throw new IOException("the broker allows no more channels on this connection");
      }
      // A per-consumer prefetch: RabbitMQ enforces it in the queue, cheaper than a channel-wide
      // (global) one, which costs a classic queue's consumer about a fifth of its rate. It cannot
      // be raised in place, so the first change re-subscribes under a channel-wide one (the
      // channel is this consumer's alone); a quorum queue refuses those and keeps its first.
      boolean raisable = !QueueTypes.isQuorum(connection, queue);
      channel.basicQos(prefetch, false);
      AmqpSubscription[] self = new AmqpSubscription[1];
      AmqpSubscription subscription =
          new AmqpSubscription(
              channel,
              queue,
              handler,
              () -> subscriptions.remove(self[0]),
              raisable,
              failures,
              timer.get(),
              prefetch);
      self[0] = subscription;
      subscriptions.add(subscription);
      subscription.start();
      return subscription;
    } catch (IOException | ShutdownSignalException e) {
      if (channel != null) {
        channels.discard(channel);
      }
      throw failure("consume queue '" + queue + "'", e);
    }
  }

  @Override
  public long purge(String queue) {
    try {
      return call("purge queue '" + queue + "'", channel -> channel.queuePurge(queue))
          .getMessageCount();
    } catch (FennelException e) {
      if (AmqpFailures.isNotFound(e)) {
        return 0;
      }
      throw e;
    }
  }

  @Override
  public Optional<QueueStats> queueStats(String queue) {
    try {
      AMQP.Queue.DeclareOk ok =
          call("look up queue '" + queue + "'", channel -> channel.queueDeclarePassive(queue));
      return Optional.of(new QueueStats(queue, ok.getMessageCount(), ok.getConsumerCount()));
    } catch (FennelException e) {
      if (AmqpFailures.isNotFound(e)) {
        return Optional.empty();
      }
      throw e;
    }
  }

  @Override
  public boolean isConnected() {
    return !closed && connection.isOpen();
  }

  @Override
  public java.util.Optional<Runnable> onConnectionLost(Runnable listener) {
    return java.util.Optional.of(AmqpConnector.onLoss(connection, listener));
  }

  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    List.copyOf(subscriptions).forEach(AmqpSubscription::close);
    timer.close(); // close(grace) below bounds its own wait for the confirms outstanding
    confirmed.close(CONFIRM_TIMEOUT);
    try {
      connection.close();
    } catch (IOException | ShutdownSignalException e) {
      log.debug("closing the connection to {} failed", url(), e);
    }
  }

  @Override
  public String toString() {
    return "AmqpBroker[" + url() + "]";
  }

  /** A body run with a channel borrowed from the pool. */
  @FunctionalInterface
  private interface ChannelCall<T> {
    T call(Channel channel) throws IOException, TimeoutException, InterruptedException;
  }

  private <T> T call(String action, ChannelCall<T> body) {
    ensureOpen();
    Channel channel;
    try {
      channel = channels.borrow();
    } catch (IOException | ShutdownSignalException e) {
      throw failure(action, e);
    }
    try {
      T result = body.call(channel);
      channels.giveBack(channel);
      return result;
    } catch (IOException | ShutdownSignalException e) {
      channels.discard(channel);
      throw failure(action, e);
    } catch (TimeoutException e) {
      channels.discard(channel);
      throw new BrokerUnavailableException(
          url(), "no publisher confirm within " + CONFIRM_TIMEOUT.toSeconds() + " s", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      channels.discard(channel);
      throw new FennelException("interrupted while waiting to " + action + " on " + url(), e);
    }
  }

  private FennelException failure(String action, Exception e) {
    return AmqpFailures.of(action, url(), e);
  }

  private void ensureOpen() {
    if (closed) {
      throw new IllegalStateException("broker " + url() + " is closed");
    }
  }
}
