package io.fennel.monitor.history;

import io.fennel.core.runtime.Backoff;
import io.fennel.core.runtime.FailureHandler;
import io.fennel.core.runtime.FennelThreads;
import io.fennel.core.time.Scheduler;
import io.fennel.core.time.SystemScheduler;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.AbstractPipeline;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.StreamEntryID;
import redis.clients.jedis.params.XAddParams;
import redis.clients.jedis.resps.StreamEntry;

/**
 * An {@link EventJournal} in a Redis stream: each body is one entry ({@code XADD key MAXLEN ~ N * e
 * <json>}), written by a background thread in pipelined batches so Redis latency never slows
 * ingestion, and read back with {@code XRANGE} in chunks.
 */
public final class RedisEventJournal implements EventJournal {
  private static final Logger log = LoggerFactory.getLogger(RedisEventJournal.class);

  /** The default stream key. */
  public static final String DEFAULT_KEY = "fennel:monitor:events";

  private static final String FIELD = "e";
  private static final int CHUNK = 1_000;
  private static final int BUFFER = 100_000;
  private static final Backoff BACKOFF = new Backoff(Duration.ofMillis(100), Duration.ofSeconds(5));

  private final RedisClient redis;
  private final String url;
  private final String key;
  private final long maxLen;
  private final BlockingQueue<byte[]> pending;
  private final LongAdder dropped = new LongAdder();
  private final AtomicLong accepted = new AtomicLong();
  private final AtomicLong settled = new AtomicLong();
  private final Thread writer;
  private final FailureHandler failures;
  private final Scheduler scheduler;
  private final SystemScheduler ownScheduler;
  private final LongAdder lostInOutages = new LongAdder();
  private volatile boolean closed;

  /**
   * Opens the journal at {@code url} ({@code redis://host:port/db}), in stream {@code key}, kept
   * near {@code maxLen} entries, retrying on a timer of its own.
   */
  public RedisEventJournal(String url, String key, long maxLen) {
    this(url, key, maxLen, null, FailureHandler.logging());
  }

  /**
   * Like {@link #RedisEventJournal(String, String, long)}, waiting between retries on {@code
   * scheduler} (null: a timer of its own) and reporting write failures to {@code failures}.
   */
  public RedisEventJournal(
      String url, String key, long maxLen, Scheduler scheduler, FailureHandler failures) {
    if (maxLen < 1) {
      throw new IllegalArgumentException("history length must be >= 1, was " + maxLen);
    }
    this.url = url;
    this.key = key;
    this.maxLen = maxLen;
    this.failures = failures;
    this.ownScheduler =
        scheduler == null
            ? new SystemScheduler(FennelThreads.name("monitor-history-timer", null))
            : null;
    this.scheduler = scheduler == null ? ownScheduler : scheduler;
    this.redis = RedisClient.create(URI.create(url));
    this.redis.ping();
    this.pending = new ArrayBlockingQueue<>(BUFFER);
    this.writer = FennelThreads.start("monitor-history", null, this::write);
  }

  @Override
  public void append(byte[] body) {
    if (closed || !pending.offer(body)) {
      dropped.increment();
    } else {
      accepted.incrementAndGet();
    }
  }

  private void write() {
    List<byte[]> batch = new ArrayList<>(CHUNK);
    XAddParams params = XAddParams.xAddParams().maxLen(maxLen).approximateTrimming();
    while (!closed || !pending.isEmpty()) {
      try {
        byte[] first = pending.poll(200, TimeUnit.MILLISECONDS);
        if (first == null) {
          continue;
        }
        batch.add(first);
        pending.drainTo(batch, CHUNK - 1);
        writeRetrying(batch, params);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      } finally {
        settled.addAndGet(batch.size());
        batch.clear();
      }
    }
  }

  /**
   * Writes one batch, retrying with {@link #BACKOFF} while Redis is away (the buffer keeps filling
   * meanwhile, and what does not fit is counted as lost); says in the log when the outage began,
   * when it ended and how many event messages were lost in between.
   */
  private void writeRetrying(List<byte[]> batch, XAddParams params) throws InterruptedException {
    int attempt = 0;
    long droppedBefore = dropped.sum();
    long outageStart = 0;
    while (true) {
      try (AbstractPipeline p = redis.pipelined()) {
        for (byte[] body : batch) {
          p.xadd(key, params, Map.of(FIELD, new String(body, StandardCharsets.UTF_8)));
        }
        p.sync();
        break;
      } catch (RuntimeException e) {
        attempt++;
        if (attempt == 1) {
          outageStart = scheduler.clock().millis();
          failures.handle("monitor.history.write", "writing event messages to " + describe(), e);
          log.warn(
              "history {} unreachable ({}); buffering up to {} event messages and retrying",
              describe(),
              e.toString(),
              BUFFER);
        }
        if (closed) {
          dropped.add(batch.size());
          log.warn(
              "history {} closed while unreachable: {} event messages lost",
              describe(),
              dropped.sum() - droppedBefore);
          return;
        }
        if (!BACKOFF.pause(scheduler, attempt)) {
          throw new InterruptedException("interrupted while waiting for history");
        }
      }
    }
    if (attempt > 0) {
      long lost = dropped.sum() - droppedBefore;
      lostInOutages.add(lost);
      String message =
          "history {} reachable again after {} s; {} event messages lost meanwhile"
              + (lost > 0 ? " (the buffer was full): the journal has a gap" : "");
      log.warn(message, describe(), (scheduler.clock().millis() - outageStart) / 1000, lost);
    }
  }

  @Override
  public long replay(Consumer<byte[]> sink) {
    long n = 0;
    StreamEntryID from = StreamEntryID.MINIMUM_ID;
    while (true) {
      List<StreamEntry> chunk = redis.xrange(key, from, StreamEntryID.MAXIMUM_ID, CHUNK);
      for (StreamEntry e : chunk) {
        String body = e.getFields().get(FIELD);
        if (body != null) {
          sink.accept(body.getBytes(StandardCharsets.UTF_8));
          n++;
        }
      }
      if (chunk.size() < CHUNK) {
        return n;
      }
      StreamEntryID last = chunk.getLast().getID();
      from = new StreamEntryID(last.getTime(), last.getSequence() + 1);
    }
  }

  /** Waits until everything appended so far is written, up to {@code timeoutMillis}. */
  public void flush(long timeoutMillis) {
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
    while (settled.get() < accepted.get() && System.nanoTime() < deadline) {
      LockSupport.parkNanos(1_000_000);
    }
  }

  @Override
  public long dropped() {
    return dropped.sum();
  }

  @Override
  public String describe() {
    return "Redis stream '" + key + "' at " + io.fennel.core.url.Urls.maskPassword(url);
  }

  @Override
  public void close() {
    flush(5_000);
    closed = true;
    try {
      writer.join(5_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    redis.close();
    if (ownScheduler != null) {
      ownScheduler.close();
    }
  }
}
