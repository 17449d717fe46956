package io.fennel.core.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.TrustManagerFactory;

/**
 * A TLS endpoint on a free loopback port in front of a plain TCP port (as a TLS-terminating load
 * balancer in front of RabbitMQ is), with a certificate for {@code localhost} and {@code 127.0.0.1}
 * that the JDK's keytool makes for the run. While it is open, the JVM's default SSL context trusts
 * that certificate, which is what Fennel's {@code amqps://} connector uses; closing it puts the
 * previous default back.
 */
public final class TlsEndpoint implements AutoCloseable {
  private static final char[] PASSWORD = "fennel-test".toCharArray();

  private final SSLServerSocket server;
  private final int upstreamPort;
  private final SSLContext previousDefault;
  private final Path dir;
  private final List<Socket> open = new CopyOnWriteArrayList<>();

  /** Listens at once; trusted through the default SSL context until closed. */
  public TlsEndpoint(int upstreamPort) throws Exception {
    this.upstreamPort = upstreamPort;
    this.dir = Files.createTempDirectory("fennel-tls");
    KeyStore keys = certificate(dir.resolve("localhost.p12"));
    KeyManagerFactory km = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
    km.init(keys, PASSWORD);
    SSLContext serverContext = SSLContext.getInstance("TLS");
    serverContext.init(km.getKeyManagers(), null, null);
    TrustManagerFactory tm =
        TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    tm.init(keys);
    SSLContext client = SSLContext.getInstance("TLS");
    client.init(null, tm.getTrustManagers(), null);
    this.server =
        (SSLServerSocket)
            serverContext
                .getServerSocketFactory()
                .createServerSocket(0, 50, InetAddress.getLoopbackAddress());
    this.previousDefault = SSLContext.getDefault();
    SSLContext.setDefault(client);
    Thread.ofPlatform().daemon().name("test-tls-endpoint").start(this::accept);
  }

  /** The port it listens on, at 127.0.0.1 (connect to {@code localhost}: the name is checked). */
  public int port() {
    return server.getLocalPort();
  }

  private static KeyStore certificate(Path store) throws Exception {
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
    return keys;
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
        // the endpoint closed, or one connection failed: its client sees the socket close
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
    SSLContext.setDefault(previousDefault);
    server.close();
    open.forEach(TlsEndpoint::closeQuietly);
    try (var files = Files.walk(dir)) {
      for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }

  private static void closeQuietly(Socket s) {
    try {
      s.close();
    } catch (IOException e) {
      // already closed
    }
  }
}
