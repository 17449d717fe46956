package io.fennel.core.broker.amqp;

import io.fennel.core.broker.Broker;
import io.fennel.core.testing.TlsEndpoint;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * The broker contract over {@code amqps://}: a TLS endpoint in front of the RabbitMQ at
 * 127.0.0.1:5672, its certificate trusted through the JVM's default SSL context, which is what
 * Fennel's connector uses; the hostname check stays on. Headers keep the sender's order here too:
 * the frame layer reads the decrypted bytes.
 */
class AmqpTlsBrokerContractTest extends AmqpBrokerContractTest {
  private static TlsEndpoint endpoint;

  @BeforeAll
  static void startTheTlsEndpoint() throws Exception {
    endpoint = new TlsEndpoint(5672);
  }

  @AfterAll
  static void stopTheTlsEndpoint() throws Exception {
    if (endpoint != null) {
      endpoint.close();
    }
  }

  @Override
  protected Broker openBroker() {
    return AmqpBroker.open("amqps://guest:guest@localhost:" + endpoint.port() + "//");
  }
}
