package io.fennel.core.broker.redis;

import io.fennel.core.broker.Broker;
import io.fennel.core.broker.BrokerUnavailableException;
import io.fennel.core.broker.DeliveryHandler;
import io.fennel.core.broker.ExchangeType;
import io.fennel.core.broker.OutgoingMessage;
import io.fennel.core.broker.QueueSpec;
import io.fennel.core.broker.Subscription;
import io.fennel.core.error.FennelException;
import io.fennel.core.internal.redis.RedisAddress;
import io.fennel.core.internal.redis.RedisFailures;
import io.fennel.core.runtime.FailureHandler;
import io.fennel.core.runtime.FennelThreads;
import io.fennel.core.time.Scheduler;
import io.fennel.core.time.SystemScheduler;
import io.fennel.protocol.ProtocolException;
import io.fennel.protocol.redis.RedisKeys;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.AbstractTransaction;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.Response;
import redis.clients.jedis.exceptions.JedisConnectionException;
import redis.clients.jedis.exceptions.JedisException;

/**
 * Redis as a broker, in kombu's Redis transport layout, so Celery clients and workers on the same
 * Redis database interoperate with Fennel.
 *
 * <ul>
 *   <li>A queue is a list (plus {@code <queue>\x06\x163}, {@code 6} and {@code 9} for priorities);
 *       a message is LPUSHed as a kombu envelope and BRPOPped by consumers. On Redis a
 *       <em>lower</em> priority number is served first, as kombu does it.
 *   <li>Direct exchanges route through the {@code _kombu.binding.<exchange>} sets; topic and fanout
 *       exchanges are Redis pub/sub (see {@link RedisTopology}): such messages reach only consumers
 *       listening at that moment and need no acknowledgement.
 *   <li>Acknowledgement is emulated with {@code unacked}/{@code unacked_index}; deliveries left
 *       unacknowledged longer than the visibility timeout (one hour by default, or {@code
 *       ?visibility_timeout=<s>}) are put back by a consuming broker when it starts and every
 *       {@link RedisBrokerOptions#restoreInterval()} after, under {@code unacked_mutex}.
 *   <li>Redis holds no queue objects: {@link #queueStats} sees a queue that has messages or was
 *       declared through this broker, and counts only this broker's consumers.
 *   <li>Threads: {@code fennel-redis-<queue>} per subscription takes messages and {@code
 *       fennel-redis-<queue>-hand} hands them (deliveries run on it), {@code
 *       fennel-redis-<queue>-pubsub} for pub/sub bindings, {@code fennel-redis-acks} writes acks
 *       for the whole broker; the restore, idle polls and retries run on the options' {@link
 *       Scheduler} (by default the broker's own, thread {@code fennel-redis-timer}). Failures of
 *       these loops go to the options' {@link FailureHandler}.
 * </ul>
 */
final class RedisBroker implements Broker {
  private static final Logger log = LoggerFactory.getLogger(RedisBroker.class);
  private static final int TIMEOUT_MILLIS = 5000;
  private static final int MAX_CONNECTIONS = 128;

  private final RedisAddress address;
  private final RedisBrokerOptions options;
  private final RedisClient redis;
  private final RedisTopology topology;
  private final UnackedLedger ledger;
  private final RedisAcks acks;
  private final Set<RedisSubscription> subscriptions = ConcurrentHashMap.newKeySet();
  private final Scheduler scheduler;
  private final boolean ownScheduler;
  private final FailureHandler failures;
  private final Object restoreLock = new Object();
  private Scheduler.Cancellable restorer; // guarded by restoreLock
  private volatile boolean closed;

  private RedisBroker(RedisAddress address, RedisBrokerOptions options, RedisClient redis) {
    this.address = address;
    this.options = options;
    this.redis = redis;
    this.ownScheduler = options.scheduler() == null;
    this.scheduler =
        ownScheduler
            ? new SystemScheduler(
                FennelThreads.name("redis-timer", null),
                e -> options.failures().handle("scheduler", "a Redis broker timer", e))
            : options.scheduler();
    this.failures = options.failures();
    this.topology = new RedisTopology(address.database());
    this.ledger = new UnackedLedger(redis, topology, scheduler.clock());
    this.acks = new RedisAcks(ledger, failures);
  }

  /**
   * Connects to {@code redis://[[user]:password@]host[:port][/db]} ({@code rediss://} for TLS) with
   * Celery's defaults.
   *
   * @throws BrokerUnavailableException when Redis cannot be reached or refuses the login
   */
  static RedisBroker open(String url) {
    return open(url, RedisBrokerOptions.defaults());
  }

  /** As {@link #open(String)}; a {@code visibility_timeout} in the URL overrides the options'. */
  static RedisBroker open(String url, RedisBrokerOptions options) {
    Objects.requireNonNull(options, "options");
    RedisAddress address = RedisAddress.parse(Objects.requireNonNull(url, "broker url"));
    if (address.visibilityTimeout() != null) {
      options = options.withVisibilityTimeout(address.visibilityTimeout());
    }
    RedisClient redis = address.client("fennel-broker", MAX_CONNECTIONS, TIMEOUT_MILLIS);
    try {
      redis.ping();
    } catch (JedisException e) {
      redis.close();
      throw new BrokerUnavailableException(address.maskedUrl(), RedisFailures.reason(e), e);
    }
    return new RedisBroker(address, options, redis);
  }

  @Override
  public String url() {
    return address.maskedUrl();
  }

  /** The visibility timeout and restore settings in force. */
  public RedisBrokerOptions options() {
    return options;
  }

  @Override
  public void declareExchange(String name, ExchangeType type, boolean durable, boolean autoDelete) {
    ensureOpen();
    if (!name.isEmpty()) {
      topology.declareExchange(name, type);
    }
  }

  @Override
  public void declareQueue(QueueSpec spec) {
    ensureOpen();
    topology.declareQueue(spec.name(), spec.autoDelete());
  }

  @Override
  public void bind(String queue, String exchange, String routingKey) {
    if (exchange.isEmpty()) {
      return; // every queue is bound to the default exchange by its name
    }
    String pattern =
        call(
            "bind queue '" + queue + "' to exchange '" + exchange + "'",
            () -> topology.bind(redis, queue, exchange, routingKey));
    if (pattern != null) {
      for (RedisSubscription s : subscriptions) {
        if (s.queue().equals(queue) && s.active()) {
          s.listen(pattern);
        }
      }
    }
  }

  @Override
  public void publish(OutgoingMessage message) {
    String exchange = message.exchange() == null ? "" : message.exchange();
    String routingKey = message.routingKey() == null ? "" : message.routingKey();
    String action = "publish to exchange '" + exchange + "' with routing key '" + routingKey + "'";
    call(
        action,
        () -> {
          if (topology.isPubSub(exchange)) {
            byte[] envelope =
                Envelopes.encode(message.properties(), message.body(), exchange, routingKey);
            redis.publish(
                topology.publishChannel(exchange, routingKey).getBytes(StandardCharsets.UTF_8),
                envelope);
            return null;
          }
          List<String> queues = topology.lookup(redis, exchange, routingKey);
          if (queues.isEmpty()) {
            log.debug("{}: no queue bound with that key; message dropped", action);
          }
          for (String queue : queues) {
            byte[] envelope =
                Envelopes.encode(message.properties(), message.body(), exchange, routingKey);
            redis.lpush(
                RedisKeys.priorityQueue(queue, message.properties().priority())
                    .getBytes(StandardCharsets.UTF_8),
                envelope);
          }
          return null;
        });
  }

  @Override
  public Subscription consume(String queue, int prefetch, DeliveryHandler handler) {
    if (prefetch < 0) {
      throw new IllegalArgumentException("prefetch must be >= 0, was " + prefetch);
    }
    Objects.requireNonNull(handler, "handler");
    ensureOpen();
    startRestoring();
    RedisSubscription subscription =
        new RedisSubscription(
            redis,
            redis.getPool()::getResource,
            ledger,
            acks,
            queue,
            prefetch,
            handler,
            this::closed,
            scheduler,
            failures);
    subscriptions.add(subscription);
    subscription.start(topology.patternsOf(queue));
    return subscription;
  }

  @Override
  public long purge(String queue) {
    List<String> lists = RedisKeys.consumeOrder(List.of(queue));
    return call(
        "purge queue '" + queue + "'",
        () -> {
          List<Response<Long>> lengths = new ArrayList<>();
          try (AbstractTransaction tx = redis.multi()) {
            for (String list : lists) {
              lengths.add(tx.llen(list));
              tx.del(list);
            }
            tx.exec();
          }
          return lengths.stream().mapToLong(Response::get).sum();
        });
  }

  @Override
  public Optional<QueueStats> queueStats(String queue) {
    long messages = call("look up queue '" + queue + "'", () -> depth(queue));
    int consumers =
        (int) subscriptions.stream().filter(s -> s.queue().equals(queue) && s.active()).count();
    if (messages == 0 && consumers == 0 && !topology.isDeclared(queue)) {
      return Optional.empty();
    }
    return Optional.of(new QueueStats(queue, messages, consumers));
  }

  @Override
  public boolean isConnected() {
    if (closed) {
      return false;
    }
    try {
      redis.ping();
      return true;
    } catch (JedisException e) {
      return false;
    }
  }

  /**
   * Puts back every delivery left unacknowledged for longer than the visibility timeout, by any
   * consumer; returns how many. Consuming brokers do this by themselves.
   */
  public int restoreVisible() {
    return call(
        "restore unacknowledged messages",
        () -> ledger.restoreVisible(options.visibilityTimeout()));
  }

  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    List<RedisSubscription> open = List.copyOf(subscriptions);
    open.forEach(RedisSubscription::cancel);
    open.forEach(RedisSubscription::close);
    acks.close();
    synchronized (restoreLock) {
      if (restorer != null) {
        restorer.cancel();
      }
    }
    if (ownScheduler) {
      scheduler.close();
    }
    redis.close();
  }

  @Override
  public String toString() {
    return "RedisBroker[" + url() + "]";
  }

  /** MULTI; LLEN of the queue's lists; EXEC, as kombu sizes a queue. */
  private long depth(String queue) {
    List<Response<Long>> lengths = new ArrayList<>();
    try (AbstractTransaction tx = redis.multi()) {
      for (String list : RedisKeys.consumeOrder(List.of(queue))) {
        lengths.add(tx.llen(list));
      }
      tx.exec();
    }
    return lengths.stream().mapToLong(Response::get).sum();
  }

  private void closed(RedisSubscription subscription) {
    subscriptions.remove(subscription);
    String queue = subscription.queue();
    boolean lastConsumer = subscriptions.stream().noneMatch(s -> s.queue().equals(queue));
    if (lastConsumer && topology.isAutoDelete(queue)) {
      try {
        topology.delete(redis, queue);
      } catch (JedisException e) {
        log.warn("could not delete auto-delete queue '{}': {}", queue, e.getMessage());
      }
    }
  }

  /** Restores once now (kombu does it when a worker starts consuming), then periodically. */
  private void startRestoring() {
    synchronized (restoreLock) {
      if (restorer != null) {
        return;
      }
      restorer = scheduler.every(this::restoreQuietly, options.restorePeriod());
    }
    restoreQuietly();
  }

  private void restoreQuietly() {
    try {
      ledger.restoreVisible(options.visibilityTimeout());
    } catch (JedisException | ProtocolException e) {
      failures.handle("redis.restore", "restoring unacknowledged messages on " + url(), e);
    }
  }

  private <T> T call(String action, Supplier<T> body) {
    ensureOpen();
    try {
      return body.get();
    } catch (JedisConnectionException e) {
      throw new BrokerUnavailableException(url(), RedisFailures.reason(e), e);
    } catch (JedisException e) {
      throw new FennelException("cannot " + action + " on " + url() + ": " + e.getMessage(), e);
    }
  }

  private void ensureOpen() {
    if (closed) {
      throw new IllegalStateException("broker " + url() + " is closed");
    }
  }
}
