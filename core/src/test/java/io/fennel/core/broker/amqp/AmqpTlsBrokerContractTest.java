package io.fennel.core.broker.amqp;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import io.fennel.core.broker.Broker;
import io.fennel.core.broker.BrokerContract;
import io.fennel.core.testing.RequiresRabbitMq;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The broker contract over {@code amqps://}: a TLS endpoint in front of the RabbitMQ at
 * 127.0.0.1:5672 (as a TLS-terminating load balancer is), with a certificate made for the run and
 * trusted through the JVM's default SSL context, which is what Fennel's connector uses; the
 * hostname check stays on. Headers keep the sender's order here too: the frame layer reads the
 * decrypted bytes.
 */
@ExtendWith(RequiresRabbitMq.class)
class AmqpTlsBrokerContractTest extends BrokerContract {
  private static final char[] PASSWORD = "fennel-test".toCharArray();
  private static SSLContext previousDefault;
  private static TlsEndpoint endpoint;
  private static Path dir;

  @BeforeAll
  static void startTheTlsEndpoint() throws Exception {
    dir = Files.createTempDirectory("fennel-tls");
    Path store = dir.resolve("localhost.p12");
    Process keytool =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                "-genkeypair",
                "-alias",
                "localhost",
                "-keyalg",
                "EC",
                "-groupname",
                "secp256r1",
                "-dname",
                "CN=localhost",
                "-ext",
                "SAN=dns:localhost,ip:127.0.0.1",
                "-validity",
                "2",
                "-storetype",
                "PKCS12",
                "-keystore",
                store.toString(),
                "-storepass",
                new String(PASSWORD))
            .redirectErrorStream(true)
            .start();
    String output = new String(keytool.getInputStream().readAllBytes());
    if (!keytool.waitFor(60, TimeUnit.SECONDS) || keytool.exitValue() != 0) {
      throw new IllegalStateException("keytool could not make the test certificate: " + output);
    }
    KeyStore keys = KeyStore.getInstance("PKCS12");
    try (InputStream in = Files.newInputStream(store)) {
      keys.load(in, PASSWORD);
    }
    KeyManagerFactory km = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
    km.init(keys, PASSWORD);
    SSLContext server = SSLContext.getInstance("TLS");
    server.init(km.getKeyManagers(), null, null);
    TrustManagerFactory tm =
        TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    tm.init(keys);
    SSLContext client = SSLContext.getInstance("TLS");
    client.init(null, tm.getTrustManagers(), null);
    endpoint = new TlsEndpoint(server, 5672);
    previousDefault = SSLContext.getDefault();
    SSLContext.setDefault(client);
  }

  @AfterAll
  static void stopTheTlsEndpoint() throws IOException {
    if (previousDefault != null) {
      SSLContext.setDefault(previousDefault);
    }
    if (endpoint != null) {
      endpoint.close();
    }
    if (dir != null) {
      try (var files = Files.walk(dir)) {
        for (Path p : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
          Files.deleteIfExists(p);
        }
      }
    }
  }

  @Override
  protected Broker openBroker() {
    return AmqpBroker.open("amqps://guest:guest@localhost:" + endpoint.port() + "//");
  }

  @Override
  protected String deliveryThreadPrefix() {
    return "fennel-amqp-";
  }

  @Override
  protected void cleanUp(List<String> queues, List<String> exchanges) throws Exception {
    try (Connection connection = RequiresRabbitMq.rawConnection();
        Channel channel = connection.createChannel()) {
      for (String queue : queues) {
        channel.queueDelete(queue);
      }
      for (String exchange : exchanges) {
        channel.exchangeDelete(exchange);
      }
    }
  }

  /** Accepts TLS connections and passes their decrypted bytes to a plain port, both ways. */
  private static final class TlsEndpoint implements AutoCloseable {
    private final SSLServerSocket server;
    private final int upstreamPort;
    private final List<Socket> open = new CopyOnWriteArrayList<>();

    TlsEndpoint(SSLContext context, int upstreamPort) throws IOException {
      this.upstreamPort = upstreamPort;
      this.server =
          (SSLServerSocket)
              context
                  .getServerSocketFactory()
                  .createServerSocket(0, 50, InetAddress.getLoopbackAddress());
      Thread.ofPlatform().daemon().name("test-tls-endpoint").start(this::accept);
    }

    int port() {
      return server.getLocalPort();
    }

    private void accept() {
      while (!server.isClosed()) {
        try {
          Socket client = server.accept();
          Socket upstream = new Socket(InetAddress.getLoopbackAddress(), upstreamPort);
          open.add(client);
          open.add(upstream);
          pump(client, upstream);
          pump(upstream, client);
        } catch (IOException e) {
          // the endpoint closed, or one connection failed: the client sees its socket close
        }
      }
    }

    private void pump(Socket from, Socket to) {
      Thread.ofPlatform()
          .daemon()
          .name("test-tls-pump")
          .start(() -> {
            try (InputStream in = from.getInputStream();
                OutputStream out = to.getOutputStream()) {
              in.transferTo(out);
            } catch (IOException e) {
              // one side closed
            }
            closeQuietly(from);
            closeQuietly(to);
          });
    }

    @Override
    public void close() throws IOException {
      server.close();
      open.forEach(TlsEndpoint::closeQuietly);
    }

    private static void closeQuietly(Socket s) {
      try {
        s.close();
      } catch (IOException e) {
        // already closed
      }
    }
  }
}
