package io.fennel.core.broker.amqp;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.AuthenticationFailureException;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import com.rabbitmq.client.PossibleAuthenticationFailureException;
import com.rabbitmq.client.Recoverable;
import com.rabbitmq.client.RecoveryListener;
import com.rabbitmq.client.ShutdownSignalException;
import io.fennel.core.FennelException;
import io.fennel.core.broker.Broker;
import io.fennel.core.broker.BrokerUnavailableException;
import io.fennel.core.broker.DeliveryHandler;
import io.fennel.core.broker.ExchangeType;
import io.fennel.core.broker.MessageProperties;
import io.fennel.core.broker.OutgoingMessage;
import io.fennel.core.broker.QueueSpec;
import io.fennel.core.broker.Subscription;
import java.io.IOException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * RabbitMQ through amqp-client 5: one connection, publishing and declaring on pooled channels in
 * confirm mode, and a channel of its own for each subscription.
 *
 * <ul>
 *   <li>Persistent messages ({@code delivery_mode=2}) wait for the publisher confirm, up to 10 s;
 *       transient ones do not.
 *   <li>Headers go out in their map's order with Celery's field types; see {@link AmqpHeaders}.
 *   <li>The connection recovers by itself (every 5 s by default), and so does the topology declared
 *       through it: exchanges, queues, bindings and consumers come back, and subscriptions resume
 *       without any action. While it is down, {@link #isConnected()} is false and publishing throws
 *       {@link BrokerUnavailableException}. Deliveries that were unsettled when it dropped are
 *       redelivered by the broker; settling the stale ones is ignored.
 *   <li>Threads are named {@code fennel-amqp-<n>}; deliveries run on them.
 * </ul>
 */
public final class AmqpBroker implements Broker {
  private static final Logger log = LoggerFactory.getLogger(AmqpBroker.class);
  private static final Duration CONFIRM_TIMEOUT = Duration.ofSeconds(10);
  private static final Duration DEFAULT_RECOVERY_INTERVAL = Duration.ofSeconds(5);
  private static final AtomicInteger THREADS = new AtomicInteger();

  private final AmqpAddress address;
  private final Connection connection;
  private final ChannelPool channels;
  private final Set<AmqpSubscription> subscriptions = ConcurrentHashMap.newKeySet();
  private volatile boolean closed;

  private AmqpBroker(AmqpAddress address, Connection connection) {
    this.address = address;
    this.connection = connection;
    this.channels = new ChannelPool(connection, 16);
  }

  /**
   * Connects to {@code amqp://user:pass@host:port/vhost} ({@code amqps}, {@code pyamqp} too).
   *
   * @throws BrokerUnavailableException when RabbitMQ cannot be reached or refuses the login
   */
  public static AmqpBroker open(String url) {
    return open(url, DEFAULT_RECOVERY_INTERVAL);
  }

  /** As {@link #open(String)}, retrying a lost connection every {@code recoveryInterval}. */
  public static AmqpBroker open(String url, Duration recoveryInterval) {
    AmqpAddress address = AmqpAddress.parse(url);
    ConnectionFactory factory = new ConnectionFactory();
    factory.setHost(address.host());
    factory.setPort(address.port());
    factory.setUsername(address.username());
    factory.setPassword(address.password());
    factory.setVirtualHost(address.virtualHost());
    factory.setAutomaticRecoveryEnabled(true);
    factory.setTopologyRecoveryEnabled(true);
    factory.setNetworkRecoveryInterval(recoveryInterval.toMillis());
    factory.setConnectionTimeout(5_000);
    factory.setThreadFactory(threadFactory());
    factory.setSocketFactory(new RepairingSocketFactory());
    if (address.tls()) {
      try {
        factory.useSslProtocol(SSLContext.getDefault());
        factory.enableHostnameVerification();
      } catch (NoSuchAlgorithmException e) {
        throw new FennelException("TLS is not available in this JVM for " + address, e);
      }
    }
    Connection connection;
    try {
      connection = factory.newConnection("fennel");
    } catch (IOException | TimeoutException e) {
      throw new BrokerUnavailableException(address.maskedUrl(), connectFailure(address, e), e);
    }
    AmqpBroker broker = new AmqpBroker(address, connection);
    broker.watch();
    return broker;
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
    AMQP.BasicProperties properties = toAmqp(message.properties());
    boolean persistent =
        Integer.valueOf(MessageProperties.PERSISTENT).equals(properties.getDeliveryMode());
    byte[] body = message.body() == null ? new byte[0] : message.body();
    call(
        "publish to exchange '"
            + message.exchange()
            + "' with routing key '"
            + message.routingKey()
            + "'",
        channel -> {
          channel.basicPublish(message.exchange(), message.routingKey(), false, properties, body);
          if (persistent) {
            channel.waitForConfirmsOrDie(CONFIRM_TIMEOUT.toMillis());
          }
          return null;
        });
  }

  @Override
  public Subscription consume(String queue, int prefetch, DeliveryHandler handler) {
    if (prefetch < 0) {
      throw new IllegalArgumentException("prefetch must be >= 0, was " + prefetch);
    }
    ensureOpen();
    Channel channel = null;
    try {
      channel = connection.createChannel();
      if (channel == null) {
        throw new IOException("the broker allows no more channels on this connection");
      }
      channel.basicQos(prefetch);
      AmqpSubscription[] self = new AmqpSubscription[1];
      AmqpSubscription subscription =
          new AmqpSubscription(channel, queue, handler, () -> subscriptions.remove(self[0]));
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
  public Subscription consumeAutoAck(String queue, DeliveryHandler handler) {
    ensureOpen();
    Channel channel = null;
    try {
      channel = connection.createChannel();
      if (channel == null) {
        throw new IOException("the broker allows no more channels on this connection");
      }
      AmqpSubscription[] self = new AmqpSubscription[1];
      AmqpSubscription subscription =
          new AmqpSubscription(channel, queue, handler, () -> subscriptions.remove(self[0]), true);
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
      if (isNotFound(e)) {
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
      if (isNotFound(e)) {
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
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    List.copyOf(subscriptions).forEach(AmqpSubscription::close);
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

  static MessageProperties fromAmqp(AMQP.BasicProperties p) {
    return new MessageProperties(
        p.getContentType(),
        p.getContentEncoding(),
        AmqpHeaders.fromAmqp(p.getHeaders()),
        p.getDeliveryMode(),
        p.getPriority(),
        p.getCorrelationId(),
        p.getReplyTo(),
        p.getExpiration());
  }

  static AMQP.BasicProperties toAmqp(MessageProperties p) {
    return new OrderedProperties(p, p.headers().isEmpty() ? null : AmqpHeaders.toAmqp(p.headers()));
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

  /** A channel error (404, 406...) is the caller's; a connection error means the broker is away. */
  private FennelException failure(String action, Exception e) {
    ShutdownSignalException signal = shutdownSignal(e);
    if (signal != null && !signal.isHardError()) {
      return new ChannelError(action, url(), signal, e);
    }
    String reason = signal != null ? "connection lost: " + replyText(signal) : e.getMessage();
    return new BrokerUnavailableException(url(), reason == null ? e.toString() : reason, e);
  }

  private static boolean isNotFound(FennelException e) {
    return e instanceof ChannelError error && error.replyCode == AMQP.NOT_FOUND;
  }

  private static ShutdownSignalException shutdownSignal(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof ShutdownSignalException signal) {
        return signal;
      }
    }
    return null;
  }

  private static String replyText(ShutdownSignalException signal) {
    return switch (signal.getReason()) {
      case AMQP.Channel.Close close -> close.getReplyText();
      case AMQP.Connection.Close close -> close.getReplyText();
      case null, default -> String.valueOf(signal.getMessage());
    };
  }

  private static int replyCode(ShutdownSignalException signal) {
    return signal.getReason() instanceof AMQP.Channel.Close close ? close.getReplyCode() : 0;
  }

  /** The broker refused one operation and closed the channel it ran on. */
  private static final class ChannelError extends FennelException {
    private static final long serialVersionUID = 1L;
    private final int replyCode;

    ChannelError(String action, String url, ShutdownSignalException signal, Exception cause) {
      super("cannot " + action + " on " + url + ": " + replyText(signal), cause);
      this.replyCode = replyCode(signal);
    }
  }

  private static String connectFailure(AmqpAddress address, Exception e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof ConnectException) {
        return "connection refused";
      }
      if (t instanceof UnknownHostException) {
        return "unknown host " + address.host();
      }
      if (t instanceof SocketTimeoutException || t instanceof TimeoutException) {
        return "timed out";
      }
      if (t instanceof AuthenticationFailureException
          || t instanceof PossibleAuthenticationFailureException) {
        return "login refused for user '"
            + address.username()
            + "' on vhost '"
            + address.virtualHost()
            + "'";
      }
      if (t instanceof ShutdownSignalException signal) {
        return replyText(signal);
      }
    }
    return String.valueOf(e.getMessage());
  }

  private void watch() {
    if (connection instanceof Recoverable recoverable) {
      recoverable.addRecoveryListener(
          new RecoveryListener() {
            @Override
            public void handleRecovery(Recoverable recovered) {
              log.info("connection to {} recovered; consumers resumed", url());
            }

            @Override
            public void handleRecoveryStarted(Recoverable recovering) {
              log.info("reconnecting to {}", url());
            }
          });
    }
    connection.addShutdownListener(signal -> {
      if (!signal.isInitiatedByApplication()) {
        log.warn("lost the connection to {}: {}", url(), replyText(signal));
      }
    });
  }

  private void ensureOpen() {
    if (closed) {
      throw new IllegalStateException("broker " + url() + " is closed");
    }
  }

  /**
   * Names every amqp-client thread {@code fennel-amqp-<n>}. amqp-client renames its I/O loop thread
   * to "AMQP Connection host:port" before starting it, so that one is renamed again as it starts.
   */
  private static ThreadFactory threadFactory() {
    return runnable -> {
      Thread thread =
          new Thread(
              () -> {
                Thread self = Thread.currentThread();
                String name = self.getName();
                if (name.startsWith("AMQP Connection ")) {
                  self.setName("fennel-amqp-connection-" + name.substring(16));
                } else if (!name.startsWith("fennel-amqp-")) {
                  self.setName("fennel-amqp-" + name);
                }
                runnable.run();
              },
              "fennel-amqp-" + THREADS.incrementAndGet());
      thread.setDaemon(true);
      return thread;
    };
  }
}
