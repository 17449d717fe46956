package io.fennel.core.result;

import io.fennel.core.broker.Broker;
import io.fennel.core.error.FennelException;
import io.fennel.core.serialization.ResultFormat;
import io.fennel.core.url.Urls;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.function.Supplier;

/**
 * Opens a result backend from a {@code result_backend} URL: {@code redis://}, {@code rediss://},
 * {@code rpc://} (needs the broker connection) or {@code memory://}; null or empty means none. The
 * backends are {@link BackendTransport}s found once with {@link ServiceLoader}, so this SPI package
 * depends on none of them.
 */
public final class Backends {
  /** Celery's default {@code result_expires}: one day. */
  public static final Duration DEFAULT_EXPIRES = Duration.ofDays(1);

  private static final String CHOICES = "redis://host:port/db, rpc:// or memory://";
  private static final Map<String, BackendTransport> TRANSPORTS = load();

  private Backends() {}

  /** Opens a backend that needs no broker; {@code rpc://} is refused (use the other overload). */
  public static ResultBackend open(String url) {
    return open(url, null, null, DEFAULT_EXPIRES);
  }

  /**
   * Opens a backend; for {@code rpc://}, results travel over {@code broker} and this client reads
   * them from {@code replyQueue} (its oid, the {@code reply_to} of the tasks it sends).
   */
  public static ResultBackend open(String url, Supplier<Broker> broker, String replyQueue) {
    return open(url, broker, replyQueue, DEFAULT_EXPIRES);
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
    BackendTransport transport = TRANSPORTS.get(Urls.scheme(u));
    if (transport == null) {
      throw new FennelException(
          "unknown result backend "
              + Urls.maskPassword(u)
              + "; expected one of "
              + CHOICES
              + " (set result_backend or pass --result-backend)");
    }
    return transport.open(u, new BackendOptions(broker, replyQueue, resultExpires, format));
  }

  private static Map<String, BackendTransport> load() {
    Map<String, BackendTransport> byScheme = new LinkedHashMap<>();
    for (BackendTransport t :
        ServiceLoader.load(BackendTransport.class, Backends.class.getClassLoader())) {
      for (String scheme : t.schemes()) {
        byScheme.putIfAbsent(scheme, t);
      }
    }
    return Collections.unmodifiableMap(byScheme);
  }
}
