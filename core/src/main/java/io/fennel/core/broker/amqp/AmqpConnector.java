package io.fennel.core.broker.amqp;

import com.rabbitmq.client.Address;
import com.rabbitmq.client.AddressResolver;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import com.rabbitmq.client.Recoverable;
import com.rabbitmq.client.RecoveryListener;
import io.fennel.core.broker.BrokerUnavailableException;
import io.fennel.core.error.FennelException;
import io.fennel.core.runtime.FennelThreads;
import java.io.IOException;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeoutException;
import javax.net.ssl.SSLContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Opens and watches the one RabbitMQ connection of an {@link AmqpBroker}: the connection factory's
 * settings (TLS, automatic recovery of the connection and its topology, timeouts), the threads
 * amqp-client runs on, and the log lines when the connection drops and recovers. Everything about
 * reaching RabbitMQ lives here, so that connection options grow in one place.
 */
final class AmqpConnector {
  private static final Logger log = LoggerFactory.getLogger(AmqpConnector.class);
  private static final int CONNECT_TIMEOUT_MILLIS = 5_000;

  private AmqpConnector() {}

  /**
   * Connects to {@code address}, retrying a lost connection every {@code recoveryInterval}: on
   * {@code address} first, then on each of {@code failover} in turn. amqp-client keeps one set of
   * credentials, virtual host and TLS setting per connection, so a failover address that differs
   * from {@code address} in anything but host and port is left out (with a warning).
   *
   * @throws BrokerUnavailableException when RabbitMQ cannot be reached or refuses the login
   */
  static Connection connect(
      AmqpAddress address, List<AmqpAddress> failover, Duration recoveryInterval) {
    ConnectionFactory factory = new FrameLayerConnectionFactory();
    factory.setHost(address.host());
    factory.setPort(address.port());
    factory.setUsername(address.username());
    factory.setPassword(address.password());
    factory.setVirtualHost(address.virtualHost());
    factory.setAutomaticRecoveryEnabled(true);
    factory.setTopologyRecoveryEnabled(true);
    factory.setNetworkRecoveryInterval(recoveryInterval.toMillis());
    factory.setConnectionTimeout(CONNECT_TIMEOUT_MILLIS);
    factory.setThreadFactory(threadFactory());
    if (address.tls()) {
      try {
        factory.useSslProtocol(SSLContext.getDefault());
        factory.enableHostnameVerification();
      } catch (NoSuchAlgorithmException e) {
        throw new FennelException("TLS is not available in this JVM for " + address, e);
      }
    }
    Connection connection;
    try {
      List<Address> addresses = addresses(address, failover);
      connection =
          addresses.size() == 1
              ? factory.newConnection("fennel")
              : factory.newConnection(null, inOrder(addresses), "fennel");
    } catch (IOException | TimeoutException e) {
      throw new BrokerUnavailableException(
          address.maskedUrl(), AmqpFailures.connectFailure(address, e), e);
    }
    watch(connection, address.maskedUrl());
    return connection;
  }

  /** {@code address}, then the failover addresses amqp-client can reach with the same login. */
  private static List<Address> addresses(AmqpAddress address, List<AmqpAddress> failover) {
    List<Address> out = new ArrayList<>();
    out.add(new Address(address.host(), address.port()));
    for (AmqpAddress other : failover) {
      if (other.tls() == address.tls()
          && Objects.equals(other.username(), address.username())
          && Objects.equals(other.password(), address.password())
          && Objects.equals(other.virtualHost(), address.virtualHost())) {
        out.add(new Address(other.host(), other.port()));
      } else {
        log.warn(
            "failover URL {} differs from {} in more than host and port (credentials, virtual host"
                + " or TLS); it is tried at start only, not when the connection is recovered",
            other.maskedUrl(),
            address.maskedUrl());
      }
    }
    return List.copyOf(out);
  }

  /** The addresses in the order given (amqp-client would shuffle them). */
  private static AddressResolver inOrder(List<Address> addresses) {
    return new AddressResolver() {
      @Override
      public List<Address> getAddresses() {
        return addresses;
      }

      @Override
      public List<Address> maybeShuffle(List<Address> input) {
        return input;
      }
    };
  }

  /** Logs when the connection drops (unless we closed it), starts reconnecting and recovers. */
  private static void watch(Connection connection, String url) {
    if (connection instanceof Recoverable recoverable) {
      recoverable.addRecoveryListener(
          new RecoveryListener() {
            @Override
            public void handleRecovery(Recoverable recovered) {
              log.info("connection to {} recovered; consumers resumed", url);
            }

            @Override
            public void handleRecoveryStarted(Recoverable recovering) {
              log.info("reconnecting to {}", url);
            }
          });
    }
    connection.addShutdownListener(signal -> {
      if (!signal.isInitiatedByApplication()) {
        log.warn("lost the connection to {}: {}", url, AmqpFailures.replyText(signal));
      }
    });
  }

  /**
   * Runs {@code listener} on amqp-client's thread each time {@code connection} drops, not when it
   * is closed on purpose; the listener stays through automatic recoveries until the returned action
   * removes it.
   */
  static Runnable onLoss(Connection connection, Runnable listener) {
    com.rabbitmq.client.ShutdownListener l =
        signal -> {
          if (!signal.isInitiatedByApplication()) {
            listener.run();
          }
        };
    connection.addShutdownListener(l);
    return () -> connection.removeShutdownListener(l);
  }

  /**
   * Names every amqp-client thread through {@link FennelThreads}: {@code fennel-amqp-<n>}.
   * amqp-client renames its I/O loop thread to "AMQP Connection host:port" before starting it, so
   * that one is renamed again as it starts, to {@code fennel-amqp-connection-host:port}.
   */
  private static ThreadFactory threadFactory() {
    ThreadFactory named = FennelThreads.platform("amqp", null);
    return runnable ->
        named.newThread(() -> {
          Thread self = Thread.currentThread();
          String name = self.getName();
          if (name.startsWith("AMQP Connection ")) {
            self.setName("fennel-amqp-connection-" + name.substring(16));
          } else if (!name.startsWith("fennel-amqp-")) {
            self.setName("fennel-amqp-" + name);
          }
          runnable.run();
        });
  }
}
