package io.fennel.core.worker;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import io.fennel.core.time.Scheduler;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The ids a worker was told to revoke, remembered as Celery remembers them (at most 50,000, each
 * for 3 hours) on the injected clock, so a revoked task that arrives later is still discarded. Each
 * id keeps the wall-clock time it was revoked at, so ids reloaded from a state file ({@code
 * --statedb}) expire 3 hours after their revoke, not after the restart.
 */
final class Revocations {
  /** Celery keeps at most this many revoked ids ... */
  static final int MAX = 50_000;

  /** ... for this long. */
  static final Duration EXPIRE = Duration.ofHours(3);

  private final Scheduler scheduler;
  private final Cache<String, Long> ids;
  private volatile Runnable onChange = () -> {};

  Revocations(Scheduler scheduler) {
    this.scheduler = scheduler;
    this.ids =
        Caffeine.newBuilder()
            .maximumSize(MAX)
            .expireAfter(
                new Expiry<String, Long>() {
                  @Override
                  public long expireAfterCreate(String id, Long revokedAt, long now) {
                    long age = scheduler.clock().millis() - revokedAt;
                    return Math.max(0, EXPIRE.minusMillis(Math.max(0, age)).toNanos());
                  }

                  @Override
                  public long expireAfterUpdate(String id, Long at, long now, long left) {
                    return expireAfterCreate(id, at, now);
                  }

                  @Override
                  public long expireAfterRead(String id, Long at, long now, long left) {
                    return left;
                  }
                })
            .ticker(scheduler::nanoTime)
            .build();
  }

  /** Runs {@code r} after every revoke (the state file saves itself from it). */
  void onChange(Runnable r) {
    onChange = r;
  }

  void add(String id) {
    ids.put(id, scheduler.clock().millis());
    onChange.run();
  }

  /** Remembers ids revoked at the given wall-clock times (epoch ms); older than 3 h are dropped. */
  void restore(Map<String, Long> revokedAt) {
    long now = scheduler.clock().millis();
    revokedAt.forEach((id, at) -> {
      if (now - at < EXPIRE.toMillis()) {
        ids.put(id, at);
      }
    });
  }

  boolean contains(String id) {
    return ids.getIfPresent(id) != null;
  }

  /** The ids remembered now. */
  List<String> ids() {
    return List.copyOf(ids.asMap().keySet());
  }

  /** The ids remembered now with the time each was revoked (epoch ms). */
  Map<String, Long> snapshot() {
    ids.cleanUp();
    return Map.copyOf(ids.asMap());
  }
}
