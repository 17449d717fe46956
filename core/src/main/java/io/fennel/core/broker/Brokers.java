package io.fennel.core.broker;

import io.fennel.core.error.FennelException;
import io.fennel.core.url.Urls;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.ServiceLoader;
import java.util.stream.Collectors;

/**
 * Opens a {@link Broker} from a Celery-style broker URL, choosing the {@link BrokerTransport} by
 * scheme. Core ships three:
 *
 * <ul>
 *   <li>{@code amqp://user:pass@host:port/vhost}, {@code amqps://...} (TLS) and {@code
 *       pyamqp://...} (Celery's alias for amqp): RabbitMQ. As in Celery, {@code amqp://host//} and
 *       {@code amqp://host/} both mean vhost {@code /}.
 *   <li>{@code redis://[:password@]host[:port][/db]} and {@code rediss://...} (TLS): Redis in
 *       kombu's layout; {@code ?visibility_timeout=<seconds>} sets the visibility timeout.
 *   <li>{@code memory://} and {@code memory://name}: an in-memory broker; brokers opened with the
 *       same name share exchanges and queues (see {@code MemoryBrokerRegistry}).
 * </ul>
 *
 * <p>The transports are found once, with {@link ServiceLoader}, so this SPI package depends on no
 * transport; a jar adds one by listing its {@link BrokerTransport} in {@code META-INF/services}.
 */
public final class Brokers {
  private static final Map<String, BrokerTransport> TRANSPORTS = load();

  private Brokers() {}

  /**
   * Opens the broker at {@code url}.
   *
   * @throws BrokerUnavailableException when the broker cannot be reached
   * @throws FennelException when the URL is malformed or its scheme is not supported
   */
  public static Broker open(String url) {
    Objects.requireNonNull(url, "broker url");
    BrokerTransport transport = TRANSPORTS.get(Urls.scheme(url));
    if (transport == null) {
      throw new FennelException(
          "unsupported broker URL '"
              + Urls.maskPassword(url)
              + "'; accepted schemes: "
              + accepted());
    }
    return transport.open(url);
  }

  /**
   * As {@link #open(String)}; a transport that can (AMQP) falls over to the {@code failover} URLs
   * when the connection is lost after it was opened.
   */
  public static Broker open(String url, List<String> failover) {
    Objects.requireNonNull(url, "broker url");
    BrokerTransport transport = TRANSPORTS.get(Urls.scheme(url));
    if (transport == null) {
      return open(url);
    }
    return transport.open(url, failover);
  }

  /** The schemes {@link #open} accepts, for messages: {@code amqp://, amqps://, ...}. */
  public static String accepted() {
    return TRANSPORTS.keySet().stream().map(s -> s + "://").collect(Collectors.joining(", "));
  }

  private static Map<String, BrokerTransport> load() {
    Map<String, BrokerTransport> byScheme = new LinkedHashMap<>();
    for (BrokerTransport t :
        ServiceLoader.load(BrokerTransport.class, Brokers.class.getClassLoader())) {
      for (String scheme : t.schemes()) {
        byScheme.putIfAbsent(scheme, t);
      }
    }
    return Collections.unmodifiableMap(byScheme);
  }
}
