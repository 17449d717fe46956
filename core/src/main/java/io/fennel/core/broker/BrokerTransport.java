package io.fennel.core.broker;

import java.util.List;

/**
 * A broker transport that {@link Brokers} finds with {@link java.util.ServiceLoader}: it opens the
 * URLs of its schemes. Fennel's own (AMQP, Redis, memory) are listed in core's {@code
 * META-INF/services/io.fennel.core.broker.BrokerTransport}; another jar adds a transport by listing
 * its class in a file of the same name. The class must be public with a public no-argument
 * constructor.
 */
public interface BrokerTransport {
  /** The URL schemes this transport opens, lower case and without {@code ://}: {@code "amqp"}. */
  List<String> schemes();

  /**
   * Opens the broker at {@code url}, whose scheme is one of {@link #schemes()}.
   *
   * @throws BrokerUnavailableException when the broker cannot be reached
   * @throws io.fennel.core.error.FennelException when the URL is malformed
   */
  Broker open(String url);

  /**
   * Opens the broker at {@code url}, falling over to the {@code failover} URLs (the other URLs of
   * {@code broker_url}, in order) when the connection is lost later. A transport that cannot fail
   * over ignores them: the default opens {@code url} alone.
   */
  default Broker open(String url, List<String> failover) {
    return open(url);
  }
}
