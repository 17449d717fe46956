package io.fennel.it.support;

import java.time.Duration;
import redis.clients.jedis.RedisClient;

/**
 * Reads a Redis broker's {@code unacked} ledger (kombu's layout) for crash tests: how many
 * deliveries of a queue a killed worker left there, and whether they are old enough for the
 * visibility-timeout restore.
 */
public final class RedisUnacked {
  private RedisUnacked() {}

  /** Entries of {@code unacked} at {@code url} that belong to {@code queue}. */
  public static long of(String url, String queue) {
    try (RedisClient r = RedisClient.create(url)) {
      return r.hvals("unacked").stream().filter(v -> v.contains("\"" + queue + "\"")).count();
    }
  }

  /** Entries of {@code queue} recorded less than {@code visibility} ago. */
  public static long youngerThan(String url, String queue, Duration visibility) {
    double cutoff = System.currentTimeMillis() / 1000.0 - visibility.toMillis() / 1000.0 - 0.5;
    try (RedisClient r = RedisClient.create(url)) {
      return r.hgetAll("unacked").entrySet().stream()
          .filter(e -> e.getValue().contains("\"" + queue + "\""))
          .filter(e -> {
            Double score = r.zscore("unacked_index", e.getKey());
            return score != null && score > cutoff;
          })
          .count();
    }
  }
}
