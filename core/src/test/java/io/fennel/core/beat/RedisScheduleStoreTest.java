package io.fennel.core.beat;

import io.fennel.core.testing.Services;
import java.time.Clock;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;

/** The store contract on real Redis (db 12), under a key prefix of its own. */
class RedisScheduleStoreTest extends ScheduleStoreContract {
  private RedisScheduleStore redis;

  @Override
  ScheduleStore open(Clock clock) {
    Services.requireRedis();
    redis =
        RedisScheduleStore.open(
            "redis://127.0.0.1:6379/12?prefix=fennel.test.beat."
                + UUID.randomUUID().toString().substring(0, 8));
    return redis;
  }

  @AfterEach
  void deleteKeys() {
    if (redis != null) {
      try (RedisScheduleStore cleanup = RedisScheduleStore.open(prefixUrl())) {
        cleanup.deleteAll();
      }
    }
  }

  private String prefixUrl() {
    String d = redis.describe();
    String prefix = d.substring(d.indexOf("(prefix ") + 8, d.length() - 1);
    return "redis://127.0.0.1:6379/12?prefix=" + prefix;
  }
}
