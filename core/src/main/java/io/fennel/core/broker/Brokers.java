package io.fennel.core.broker;

import io.fennel.core.FennelException;
import io.fennel.core.broker.amqp.AmqpBroker;
import io.fennel.core.broker.memory.MemoryBrokerRegistry;
import io.fennel.core.broker.redis.RedisBroker;
import java.util.Locale;
import java.util.Objects;

/**
 * Opens a {@link Broker} from a Celery-style broker URL, choosing the transport by scheme.
 *
 * <ul>
 *   <li>{@code amqp://user:pass@host:port/vhost}, {@code amqps://...} (TLS) and {@code
 *       pyamqp://...} (Celery's alias for amqp): RabbitMQ through {@link AmqpBroker}. As in Celery,
 *       {@code amqp://host//} and {@code amqp://host/} both mean vhost {@code /}.
 *   <li>{@code memory://} and {@code memory://name}: an in-memory broker; brokers opened with the
 *       same name from the same {@link MemoryBrokerRegistry} share exchanges and queues.
 *   <li>{@code redis://[:password@]host[:port][/db]} and {@code rediss://...} (TLS): Redis in
 *       kombu's layout through {@link RedisBroker}; {@code ?visibility_timeout=<seconds>} sets the
 *       visibility timeout.
 * </ul>
 *
 * <p>To add a transport, add its scheme to {@link #open(String, MemoryBrokerRegistry)} and to
 * {@link #ACCEPTED}.
 */
public final class Brokers {

  /** The schemes {@link #open} accepts, for error messages. */
  static final String ACCEPTED = "amqp://, amqps://, pyamqp://, redis://, rediss://, memory://";

  private Brokers() {}

  /**
   * Opens the broker at {@code url}; named in-memory brokers come from the JVM-wide {@link
   * MemoryBrokerRegistry#jvm()}.
   *
   * @throws BrokerUnavailableException when the broker cannot be reached
   * @throws FennelException when the URL is malformed or its scheme is not supported
   */
  public static Broker open(String url) {
    return open(url, MemoryBrokerRegistry.jvm());
  }

  /** Opens the broker at {@code url}, taking in-memory brokers from {@code memory}. */
  public static Broker open(String url, MemoryBrokerRegistry memory) {
    Objects.requireNonNull(url, "broker url");
    Objects.requireNonNull(memory, "memory registry");
    int colon = url.indexOf("://");
    String scheme = colon < 0 ? "" : url.substring(0, colon).toLowerCase(Locale.ROOT);
    return switch (scheme) {
      case "amqp", "amqps", "pyamqp" -> AmqpBroker.open(url);
      case "memory" -> memory.open(memoryName(url.substring(colon + 3)));
      case "redis", "rediss" -> RedisBroker.open(url);
      default ->
          throw new FennelException(
              "unsupported broker URL '" + maskPassword(url) + "'; accepted schemes: " + ACCEPTED);
    };
  }

  /**
   * The URL with the password of its user info replaced by {@code ***}: {@code
   * amqp://guest:***@host//}. URLs without a password come back unchanged.
   */
  public static String maskPassword(String url) {
    if (url == null) {
      return null;
    }
    int start = url.indexOf("://");
    if (start < 0) {
      return url;
    }
    start += 3;
    int end = url.length();
    for (int i = start; i < url.length(); i++) {
      char c = url.charAt(i);
      if (c == '/' || c == '?' || c == '#') {
        end = i;
        break;
      }
    }
    int at = url.lastIndexOf('@', end - 1);
    if (at < start) {
      return url;
    }
    int colon = url.indexOf(':', start);
    if (colon < 0 || colon > at) {
      return url;
    }
    return url.substring(0, colon + 1) + "***" + url.substring(at);
  }

  private static String memoryName(String rest) {
    int end = rest.length();
    for (int i = 0; i < rest.length(); i++) {
      char c = rest.charAt(i);
      if (c == '/' || c == '?' || c == '#') {
        end = i;
        break;
      }
    }
    return rest.substring(0, end);
  }
}
