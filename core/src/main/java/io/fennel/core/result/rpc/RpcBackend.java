package io.fennel.core.result.rpc;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.fennel.core.broker.Broker;
import io.fennel.core.broker.Delivery;
import io.fennel.core.broker.Subscription;
import io.fennel.core.error.FennelException;
import io.fennel.core.result.ResultBackend;
import io.fennel.core.serialization.ResultFormat;
import io.fennel.protocol.result.ResultRecord;
import io.fennel.protocol.state.TaskState;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Celery's {@code rpc://} result backend over the {@link Broker} SPI: a worker sends each state as
 * a message to the caller's reply queue; the caller consumes that queue. Results therefore reach
 * only the process that sent the task (the one whose oid is the task's {@code reply_to}); other
 * processes never see them, and nothing is stored: {@link #get} is the latest state this client has
 * received, {@link #forget} only drops it here.
 *
 * <p>Wire format, from Celery 5.2.6 {@code celery/backends/rpc.py} and kombu 5.2.4 (verified
 * against their source):
 *
 * <ul>
 *   <li>Exchange: {@code ""}, the AMQP default exchange ({@code _create_exchange} returns {@code
 *       Exchange(None)}); the {@code c.rep} direct exchange belonged to Celery 3.1 and is gone.
 *       Nothing is declared on send.
 *   <li>Routing key: the task message's {@code reply_to} (the client app's oid); correlation_id:
 *       the task message's correlation_id, which is the task id.
 *   <li>Properties: content_type {@code application/json}, content_encoding {@code utf-8}, headers
 *       {@code {}}, delivery_mode 1 (transient, {@code persistent=False}), priority 0.
 *   <li>Body: {@code {"task_id", "status", "result", "traceback", "children"}} in that order
 *       ({@code _to_result}); no date_done. Exceptions are the usual {@code exc_type/exc_message/
 *       exc_module} dict.
 *   <li>Reply queue (declared by the client before it sends a task): name = oid, durable false,
 *       auto_delete true, exclusive false, argument {@code x-expires} = result_expires in ms
 *       (86400000); no binding (default exchange). Celery consumes it with no_ack and takes the
 *       task id from the body.
 * </ul>
 *
 * Replies are kept per task id in a bounded cache; waiting completes a future when a ready state
 * arrives and never polls.
 */
final class RpcBackend implements ResultBackend {
  private static final Logger log = LoggerFactory.getLogger(RpcBackend.class);

  /** How many tasks' latest states a client keeps by default. */
  public static final long DEFAULT_CACHE_SIZE = 10_000;

  private final Supplier<Broker> broker;
  private final String replyQueue;
  private final Duration resultExpires;
  private final Cache<String, ResultRecord> latest;
  private final ConcurrentMap<String, CompletableFuture<ResultRecord>> waiters =
      new ConcurrentHashMap<>();
  private final Object startLock = new Object();
  private Subscription subscription;
  private volatile boolean closed;
  private final ResultFormat format;

  /**
   * @param broker the broker connection to publish and consume on, looked up when first needed
   * @param replyQueue this client's reply queue (its oid); null for a worker that only stores
   */
  public RpcBackend(Supplier<Broker> broker, String replyQueue) {
    this(broker, replyQueue, Duration.ofDays(1), DEFAULT_CACHE_SIZE);
  }

  /**
   * @param resultExpires {@code result_expires}: the reply queue's {@code x-expires}
   * @param cacheSize how many tasks' latest states to keep
   */
  public RpcBackend(
      Supplier<Broker> broker, String replyQueue, Duration resultExpires, long cacheSize) {
    this(broker, replyQueue, resultExpires, cacheSize, ResultFormat.JSON);
  }

  /** As above, with replies written and read in {@code format} ({@code result_serializer}). */
  public RpcBackend(
      Supplier<Broker> broker,
      String replyQueue,
      Duration resultExpires,
      long cacheSize,
      ResultFormat format) {
    this.format = Objects.requireNonNull(format, "format");
    this.broker = Objects.requireNonNull(broker, "broker");
    this.replyQueue = replyQueue;
    this.resultExpires = Objects.requireNonNull(resultExpires, "resultExpires");
    if (cacheSize < 1) {
      throw new FennelException("rpc result cache size must be >= 1, was " + cacheSize);
    }
    this.latest = Caffeine.newBuilder().maximumSize(cacheSize).build();
  }

  @Override
  public String url() {
    return "rpc://";
  }

  /** This client's reply queue, or null when it only stores. */
  public String replyQueue() {
    return replyQueue;
  }

  @Override
  public void store(ResultRecord record, String replyTo) {
    if (replyTo == null || replyTo.isEmpty()) {
      log.debug(
          "task {} has no reply_to; rpc result {} not sent", record.taskId(), record.status());
      return;
    }
    broker.get().publish(RpcReply.message(record, replyTo, format));
  }

  @Override
  public Optional<ResultRecord> get(String taskId) {
    return Optional.ofNullable(latest.getIfPresent(taskId));
  }

  @Override
  public Optional<ResultRecord> await(String taskId, Duration timeout) throws InterruptedException {
    start();
    CompletableFuture<ResultRecord> f =
        waiters.computeIfAbsent(taskId, id -> new CompletableFuture<>());
    try {
      ResultRecord now = latest.getIfPresent(taskId);
      if (now != null && ready(now)) {
        return Optional.of(now);
      }
      try {
        return Optional.of(f.get(Math.max(0, timeout.toNanos()), TimeUnit.NANOSECONDS));
      } catch (TimeoutException e) {
        return get(taskId);
      } catch (ExecutionException e) {
        throw new FennelException(
            "waiting for the rpc result of task " + taskId + " failed: " + e.getCause(), e);
      }
    } finally {
      if (f.isDone()) {
        waiters.remove(taskId, f);
      }
    }
  }

  /** Declares the reply queue and starts consuming it, as Celery does when it sends a task. */
  @Override
  public void watch(String taskId) {
    start();
  }

  @Override
  public void forget(String taskId) {
    latest.invalidate(taskId);
  }

  @Override
  public void close() {
    closed = true;
    Subscription s;
    synchronized (startLock) {
      s = subscription;
      subscription = null;
    }
    if (s != null) {
      s.close();
    }
    waiters.values().forEach(f -> f.cancel(false));
    waiters.clear();
  }

  private void start() {
    if (replyQueue == null) {
      throw new FennelException(
          "the rpc:// result backend has no reply queue here, so results cannot be read;"
              + " open it with the client's oid as reply queue");
    }
    synchronized (startLock) {
      if (closed) {
        throw new FennelException("the rpc:// result backend is closed");
      }
      if (subscription == null) {
        Broker b = broker.get();
        b.declareQueue(RpcReply.queue(replyQueue, resultExpires));
        subscription = b.consume(replyQueue, 0, this::onReply);
      }
    }
  }

  private void onReply(Delivery d) {
    try {
      ResultRecord r =
          RpcReply.parse(
              format
                  .toJsonText(d.properties().contentType(), d.body())
                  .getBytes(java.nio.charset.StandardCharsets.UTF_8),
              d.properties().correlationId());
      latest.put(r.taskId(), r);
      if (ready(r)) {
        CompletableFuture<ResultRecord> f = waiters.remove(r.taskId());
        if (f != null) {
          f.complete(r);
        }
      }
    } catch (RuntimeException e) {
      log.warn("dropping an unreadable rpc reply on {}: {}", replyQueue, e.getMessage());
    } finally {
      d.ack();
    }
  }

  private static boolean ready(ResultRecord r) {
    return TaskState.fromWire(r.status()).map(TaskState::ready).orElse(false);
  }
}
