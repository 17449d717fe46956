package io.fennel.core.worker;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.fennel.core.time.Scheduler;
import java.time.Duration;
import java.util.List;

/**
 * The ids a worker was told to revoke, remembered as Celery remembers them (at most 50,000, each
 * for 3 hours) on the injected clock, so a revoked task that arrives later is still discarded.
 */
final class Revocations {
  /** Celery keeps at most this many revoked ids ... */
  static final int MAX = 50_000;

  /** ... for this long. */
  static final Duration EXPIRE = Duration.ofHours(3);

  private final Cache<String, Boolean> ids;

  Revocations(Scheduler scheduler) {
    this.ids =
        Caffeine.newBuilder()
            .maximumSize(MAX)
            .expireAfterWrite(EXPIRE)
            .ticker(scheduler::nanoTime)
            .build();
  }

  void add(String id) {
    ids.put(id, Boolean.TRUE);
  }

  boolean contains(String id) {
    return ids.getIfPresent(id) != null;
  }

  /** The ids remembered now. */
  List<String> ids() {
    return List.copyOf(ids.asMap().keySet());
  }
}
