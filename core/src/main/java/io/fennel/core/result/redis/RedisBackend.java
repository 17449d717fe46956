package io.fennel.core.result.redis;

import io.fennel.core.error.FennelException;
import io.fennel.core.internal.redis.RedisAddress;
import io.fennel.core.internal.redis.RedisFailures;
import io.fennel.core.result.ResultBackend;
import io.fennel.core.runtime.FailureHandler;
import io.fennel.core.runtime.FennelThreads;
import io.fennel.core.serialization.ResultFormat;
import io.fennel.protocol.ProtocolException;
import io.fennel.protocol.result.ResultRecord;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.AbstractTransaction;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.exceptions.JedisConnectionException;
import redis.clients.jedis.exceptions.JedisException;

/**
 * Celery's Redis result backend: each state is {@code MULTI; SETEX celery-task-meta-<id>
 * <result_expires> <json>; PUBLISH celery-task-meta-<id> <json>; EXEC}, the JSON being {@link
 * ResultRecord#toJson()} byte for byte. Waiting subscribes to the key's channel on one shared
 * connection (thread {@code fennel-redis-results-<n>}) and reads the key once after the SUBSCRIBE
 * is confirmed, so a result written just before the subscription is not missed; it never polls.
 */
final class RedisBackend implements ResultBackend {
  private static final Logger log = LoggerFactory.getLogger(RedisBackend.class);
  private final java.util.concurrent.atomic.AtomicBoolean pollingSaid =
      new java.util.concurrent.atomic.AtomicBoolean();

  /** Celery's key (and channel) prefix for task results. */
  public static final String KEY_PREFIX = "celery-task-meta-";

  /** Celery's default {@code result_expires}: one day. */
  public static final Duration DEFAULT_EXPIRES = Duration.ofDays(1);

  private static final int TIMEOUT_MILLIS = 2000;

  private final RedisAddress endpoint;
  private final long expiresSeconds;
  private final RedisClient client;
  private final ResultSubscriber subscriber;
  private final RedisTasksetStore tasksets;
  private final ResultFormat format;

  /** Opens {@code url} with Celery's default {@code result_expires} of one day. */
  public RedisBackend(String url) {
    this(url, DEFAULT_EXPIRES);
  }

  /**
   * @param url {@code redis://[[user]:password@]host[:port][/db]} or {@code rediss://...}
   * @param resultExpires {@code result_expires}: the TTL of every stored record (whole seconds)
   */
  public RedisBackend(String url, Duration resultExpires) {
    this(url, resultExpires, ResultFormat.JSON);
  }

  /** As {@link #RedisBackend(String, Duration)}, writing and reading records in {@code format}. */
  public RedisBackend(String url, Duration resultExpires, ResultFormat format) {
    this(
        url,
        resultExpires,
        FennelThreads.platform("redis-results", null),
        FailureHandler.logging(),
        format);
  }

  RedisBackend(String url, Duration resultExpires, ThreadFactory threads, FailureHandler failures) {
    this(url, resultExpires, threads, failures, ResultFormat.JSON);
  }

  RedisBackend(
      String url,
      Duration resultExpires,
      ThreadFactory threads,
      FailureHandler failures,
      ResultFormat format) {
    if (resultExpires == null || resultExpires.toSeconds() < 1) {
      throw new FennelException(
          "result_expires must be at least 1 second for the Redis backend, was " + resultExpires);
    }
    this.endpoint = RedisAddress.parse(url);
    this.expiresSeconds = resultExpires.toSeconds();
    this.client = endpoint.client("fennel-results", 8, TIMEOUT_MILLIS);
    this.format = format;
    this.subscriber =
        new ResultSubscriber(
            (listener, channel) -> client.subscribe(listener, channel),
            threads,
            failures,
            this::published);
    this.tasksets = new RedisTasksetStore(client, expiresSeconds, endpoint.maskedUrl());
  }

  @Override
  public String url() {
    return endpoint.maskedUrl();
  }

  /** The TTL every stored record gets, in seconds. */
  public long resultExpiresSeconds() {
    return expiresSeconds;
  }

  /** The Redis key (and pub/sub channel) of a task's record. */
  public static String key(String taskId) {
    return KEY_PREFIX + taskId;
  }

  @Override
  @SuppressWarnings("deprecation") // Celery writes SETEX, not SET ... EX; keep the wire identical
  public void store(ResultRecord record, String replyTo) {
    String key = key(record.taskId());
    if (!format.isJson()) {
      storeBinary(key, format.encode(record));
      return;
    }
    String json = record.toJson();
    call(() -> {
      try (AbstractTransaction tx = client.multi()) {
        tx.setex(key, expiresSeconds, json);
        tx.publish(key, json);
        tx.exec();
      }
      return null;
    });
  }

  @Override
  public Optional<ResultRecord> get(String taskId) {
    String key = key(taskId);
    byte[] raw = call(() -> client.get(key.getBytes(StandardCharsets.UTF_8)));
    if (raw == null) {
      return Optional.empty();
    }
    try {
      return Optional.of(format.decode(raw));
    } catch (ProtocolException e) {
      throw new FennelException(
          "the record stored under "
              + key
              + " in "
              + url()
              + " is not a Celery result: "
              + e.getMessage(),
          e);
    }
  }

  @Override
  public Optional<ResultRecord> await(String taskId, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + Math.max(0, timeout.toNanos());
    if (timeout.isNegative() || timeout.isZero()) {
      return get(taskId);
    }
    ResultSubscriber.Watch w;
    try {
      waitFor(subscriber.start(), deadline);
      w = subscriber.acquire(key(taskId), false);
    } catch (TimeoutException e) {
      return get(taskId);
    } catch (FennelException | IllegalStateException e) {
      return poll(taskId, deadline, e);
    }
    try {
      try {
        waitFor(w.subscribed, deadline);
      } catch (TimeoutException e) {
        return get(taskId);
      }
      Optional<ResultRecord> now = get(taskId);
      if (now.isPresent() && ResultSubscriber.isReady(now.get())) {
        subscriber.settle(w, now.get());
        return now;
      }
      try {
        return Optional.of(waitFor(w.ready, deadline));
      } catch (TimeoutException e) {
        return get(taskId); // the latest state, e.g. STARTED
      }
    } catch (FennelException e) {
      return poll(taskId, deadline, e);
    } finally {
      subscriber.release(w);
    }
  }

  /**
   * Waits by reading the key (every 20 ms, backing off to 500 ms) when the subscription cannot be
   * had, so a broken pub/sub connection costs latency, never a result.
   */
  private Optional<ResultRecord> poll(String taskId, long deadline, RuntimeException why)
      throws InterruptedException {
    if (pollingSaid.compareAndSet(false, true)) {
      log.warn(
          "waiting for results on {} by reading their keys (slower): the result subscription"
              + " failed ({}); check that the server allows SUBSCRIBE",
          url(),
          why.getMessage());
    } else {
      log.debug("waiting for {} by reading its key: {}", taskId, why.getMessage());
    }
    long pauseMillis = 20;
    while (true) {
      Optional<ResultRecord> now = get(taskId);
      long left = deadline - System.nanoTime();
      if ((now.isPresent() && ResultSubscriber.isReady(now.get())) || left <= 0) {
        return now;
      }
      TimeUnit.NANOSECONDS.sleep(Math.min(left, TimeUnit.MILLISECONDS.toNanos(pauseMillis)));
      pauseMillis = Math.min(500, pauseMillis * 2);
    }
  }

  @Override
  public void watch(String taskId) {
    try {
      subscriber.start().get(TIMEOUT_MILLIS, TimeUnit.MILLISECONDS);
      subscriber.acquire(key(taskId), true);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (ExecutionException | TimeoutException e) {
      throw unreachable(e.getCause() == null ? e : e.getCause());
    }
  }

  @SuppressWarnings("deprecation") // Celery writes SETEX, not SET ... EX; keep the wire identical
  private void storeBinary(String key, byte[] value) {
    byte[] k = key.getBytes(StandardCharsets.UTF_8);
    call(() -> {
      try (AbstractTransaction tx = client.multi()) {
        tx.setex(k, expiresSeconds, value);
        tx.publish(k, value);
        tx.exec();
      }
      return null;
    });
  }

  /**
   * A record published on {@code channel}: JSON is read from the message; another format, which the
   * text subscription cannot carry intact, is read again from the key (the channel's name).
   */
  private ResultRecord published(String channel, String message) {
    if (format.isJson()) {
      return ResultRecord.fromJson(message);
    }
    byte[] raw;
    try {
      raw = call(() -> client.get(channel.getBytes(StandardCharsets.UTF_8)));
    } catch (RuntimeException e) {
      throw new ProtocolException(channel, "was published but cannot be read: " + e.getMessage());
    }
    if (raw == null) {
      throw new ProtocolException(channel, "was published but is no longer stored");
    }
    return format.decode(raw);
  }

  @Override
  public Optional<io.fennel.core.result.TasksetStore> tasksets() {
    return Optional.of(tasksets);
  }

  @Override
  public void forget(String taskId) {
    call(() -> client.del(key(taskId)));
  }

  @Override
  public void close() {
    subscriber.close();
    client.close();
  }

  private <T> T waitFor(java.util.concurrent.CompletableFuture<T> f, long deadline)
      throws InterruptedException, TimeoutException {
    try {
      return f.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
    } catch (ExecutionException e) {
      throw unreachable(e.getCause());
    }
  }

  private <T> T call(Supplier<T> command) {
    try {
      return command.get();
    } catch (JedisException e) {
      throw unreachable(e);
    }
  }

  private FennelException unreachable(Throwable e) {
    if (e instanceof FennelException f) {
      return f;
    }
    if (!(e instanceof JedisConnectionException)) {
      return new FennelException("result backend " + url() + " failed: " + e.getMessage(), e);
    }
    return new FennelException(
        "cannot reach result backend "
            + url()
            + " ("
            + RedisFailures.reason(e)
            + "); start Redis or pass --result-backend",
        e);
  }
}
