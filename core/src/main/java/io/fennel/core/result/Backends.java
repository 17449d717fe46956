package io.fennel.core.result;

import io.fennel.core.FennelException;
import io.fennel.core.broker.Broker;
import io.fennel.core.result.memory.MemoryBackend;
import io.fennel.core.result.redis.RedisBackend;
import io.fennel.core.result.rpc.RpcBackend;
import io.fennel.core.serialization.ResultFormat;
import java.time.Duration;
import java.util.Locale;
import java.util.function.Supplier;

/**
 * Opens a result backend from a {@code result_backend} URL: {@code redis://}, {@code rediss://},
 * {@code rpc://} (needs the broker connection) or {@code memory://}; null or empty means none.
 */
public final class Backends {
  private static final String CHOICES = "redis://host:port/db, rpc:// or memory://";

  private Backends() {}

  /** Opens a backend that needs no broker; {@code rpc://} is refused (use the other overload). */
  public static ResultBackend open(String url) {
    return open(url, null, null, RedisBackend.DEFAULT_EXPIRES);
  }

  /**
   * Opens a backend; for {@code rpc://}, results travel over {@code broker} and this client reads
   * them from {@code replyQueue} (its oid, the {@code reply_to} of the tasks it sends).
   */
  public static ResultBackend open(String url, Supplier<Broker> broker, String replyQueue) {
    return open(url, broker, replyQueue, RedisBackend.DEFAULT_EXPIRES);
  }

  /** As {@link #open(String, Supplier, String)}, with {@code result_expires}. */
  public static ResultBackend open(
      String url, Supplier<Broker> broker, String replyQueue, Duration resultExpires) {
    return open(url, broker, replyQueue, resultExpires, ResultFormat.JSON);
  }

  /** As above, with records in {@code format} ({@code result_serializer}). */
  public static ResultBackend open(
      String url,
      Supplier<Broker> broker,
      String replyQueue,
      Duration resultExpires,
      ResultFormat format) {
    if (url == null || url.isBlank()) {
      return null;
    }
    String u = url.strip();
    int colon = u.indexOf("://");
    String scheme = colon < 0 ? "" : u.substring(0, colon).toLowerCase(Locale.ROOT);
    return switch (scheme) {
      case "redis", "rediss" -> new RedisBackend(u, resultExpires, format);
      case "memory" -> new MemoryBackend(u);
      case "rpc" -> {
        if (broker == null) {
          throw new FennelException(
              "result backend rpc:// sends results over the broker, but no broker connection was"
                  + " given; open it with Backends.open(url, broker, replyQueue) or use redis://");
        }
        yield new RpcBackend(
            broker, replyQueue, resultExpires, RpcBackend.DEFAULT_CACHE_SIZE, format);
      }
      default ->
          throw new FennelException(
              "unknown result backend "
                  + masked(u)
                  + "; expected one of "
                  + CHOICES
                  + " (set result_backend or pass --result-backend)");
    };
  }

  /** The URL with a password in its user info replaced by {@code ***}. */
  private static String masked(String url) {
    return io.fennel.core.broker.Brokers.maskPassword(url);
  }
}
