package io.fennel.agent.testing;

import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Skips a test class when RabbitMQ is not listening on 127.0.0.1:5672, or fails it when the
 * environment sets {@code FENNEL_REQUIRE_BROKERS=1}. Use
 * {@code @ExtendWith(RequiresRabbitMq.class)} or call {@link #assumeRabbit()}.
 */
public final class RequiresRabbitMq implements BeforeAllCallback {
  public static final String HOST = "127.0.0.1";
  public static final int PORT = 5672;
  public static final String URL = "amqp://guest:guest@127.0.0.1:5672//";
  public static final String MESSAGE =
      "RabbitMQ is not reachable at 127.0.0.1:5672; start it with `rabbitmq-server -detached`";

  @Override
  public void beforeAll(ExtensionContext context) {
    assumeRabbit();
  }

  /** Returns when RabbitMQ is reachable; otherwise skips the test, or fails it if required. */
  public static void assumeRabbit() {
    if (reachable()) {
      return;
    }
    if ("1".equals(System.getenv("FENNEL_REQUIRE_BROKERS"))) {
      Assertions.fail(MESSAGE);
    }
    Assumptions.abort(MESSAGE);
  }

  /** A plain amqp-client connection for looking at what the broker really holds. */
  public static Connection rawConnection() throws IOException, TimeoutException {
    ConnectionFactory factory = new ConnectionFactory();
    factory.setHost(HOST);
    factory.setPort(PORT);
    factory.setAutomaticRecoveryEnabled(false);
    return factory.newConnection("fennel-test-raw");
  }

  private static boolean reachable() {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress(HOST, PORT), 1_000);
      return true;
    } catch (IOException e) {
      return false;
    }
  }
}
