package io.fennel.it.support;

import io.fennel.cli.FennelApp;
import io.fennel.core.Fennel;
import java.util.Map;
import java.util.stream.Collectors;
import redis.clients.jedis.AbstractTransaction;
import redis.clients.jedis.RedisClient;

/**
 * A worker app for crash tests ({@code fennel worker -A io.fennel.it.support.RunCounter}) whose one
 * task, {@code it.count(key, n, seconds)}, counts each start of run {@code n} in the Redis hash
 * {@code key} (and which worker process started it first in {@code key:first}), then sleeps: a test
 * reads back how many runs each task had, across worker processes and kills.
 */
public final class RunCounter implements FennelApp {
  /** Where the counts go: this Redis URL (the tests' result-backend database by default). */
  public static final String URL_VARIABLE = "FENNEL_IT_RUNS_URL";

  /** The task's name. */
  public static final String TASK = "it.count";

  @Override
  public void define(Fennel app) {
    String url = System.getenv().getOrDefault(URL_VARIABLE, "redis://127.0.0.1:6379/13");
    RedisClient redis = RedisClient.create(url);
    String pid = Long.toString(ProcessHandle.current().pid());
    app.register(
        TASK,
        c -> {
          String key = c.arg(0, String.class);
          String n = Long.toString(c.arg(1, Long.class));
          try (AbstractTransaction tx = redis.multi()) { // both or neither, even if killed here
            tx.hsetnx(key + ":first", n, pid);
            tx.hincrBy(key, n, 1);
            tx.exec();
          }
          Thread.sleep((long) (c.arg(2, Double.class) * 1000));
          return null;
        });
  }

  /** Runs per task number, read back from {@code key} at {@code url}. */
  public static Map<Long, Long> runs(String url, String key) {
    try (RedisClient r = RedisClient.create(url)) {
      return r.hgetAll(key).entrySet().stream()
          .collect(
              Collectors.toMap(e -> Long.parseLong(e.getKey()), e -> Long.parseLong(e.getValue())));
    }
  }

  /** The pid of the worker process that first started each task number. */
  public static Map<Long, Long> firstRunBy(String url, String key) {
    try (RedisClient r = RedisClient.create(url)) {
      return r.hgetAll(key + ":first").entrySet().stream()
          .collect(
              Collectors.toMap(e -> Long.parseLong(e.getKey()), e -> Long.parseLong(e.getValue())));
    }
  }

  /** Deletes the counts. */
  public static void clear(String url, String key) {
    try (RedisClient r = RedisClient.create(url)) {
      r.del(key, key + ":first");
    }
  }

  /** Sent, completed, lost and duplicated (tasks run more than once) of a run, as the tests log. */
  public record Counts(long sent, long completed, long lost, long duplicated) {
    /** Counts for task numbers {@code 0..sent-1} from {@code runs}, {@code completed} succeeded. */
    public static Counts of(long sent, long completed, Map<Long, Long> runs) {
      long lost = 0;
      for (long n = 0; n < sent; n++) {
        if (!runs.containsKey(n)) {
          lost++;
        }
      }
      long duplicated = runs.values().stream().filter(v -> v > 1).count();
      return new Counts(sent, completed, Math.max(lost, sent - completed), duplicated);
    }

    @Override
    public String toString() {
      return "sent "
          + sent
          + ", completed "
          + completed
          + ", lost "
          + lost
          + ", duplicated "
          + duplicated;
    }
  }
}
