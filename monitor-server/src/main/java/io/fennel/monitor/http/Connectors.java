package io.fennel.monitor.http;

import io.fennel.core.runtime.FennelThreads;
import io.javalin.config.JavalinConfig;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.io.Connection;
import org.eclipse.jetty.io.EndPoint;
import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.SecureRequestCustomizer;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.eclipse.jetty.server.internal.HttpConnection;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/**
 * Sets up the console's Jetty connector from {@link ServerSettings}: plain HTTP or TLS, an idle
 * timeout, a deadline for a new connection's first request head (so a client trickling bytes cannot
 * hold a connection), small request heads, and request threads named {@code fennel-monitor-http-N}.
 */
final class Connectors {
  private static final int MAX_REQUEST_HEAD = 16 * 1024;

  private Connectors() {}

  static void configure(JavalinConfig config, ServerSettings s) {
    QueuedThreadPool pool = new QueuedThreadPool(64, 4);
    pool.setName(FennelThreads.name("monitor-http", null));
    config.jetty.threadPool = pool;
    config.jetty.modifyHttpConfiguration(hc -> {
      hc.setRequestHeaderSize(MAX_REQUEST_HEAD);
      hc.setIdleTimeout(s.idleTimeout().toMillis());
      hc.setSendServerVersion(false);
    });
    config.jetty.addConnector((server, httpConfig) -> {
      HttpConnectionFactory http = new HeadDeadline(httpConfig, s.headerTimeout().toMillis());
      ServerConnector c;
      if (s.tls()) {
        SecureRequestCustomizer secure = new SecureRequestCustomizer();
        secure.setSniHostCheck(false);
        httpConfig.addCustomizer(secure);
        SslContextFactory.Server ssl = new SslContextFactory.Server();
        ssl.setKeyStore(Pem.keyStore(s.certFile(), s.keyFile()));
        ssl.setKeyStorePassword(new String(Pem.STORE_PASSWORD));
        c = new ServerConnector(server, new SslConnectionFactory(ssl, "http/1.1"), http);
      } else {
        c = new ServerConnector(server, http);
      }
      c.setHost(s.address());
      c.setPort(s.port());
      c.setIdleTimeout(s.idleTimeout().toMillis());
      return c;
    });
  }

  /** Closes a new connection that has not completed a request head within the deadline. */
  private static final class HeadDeadline extends HttpConnectionFactory {
    private final long millis;

    HeadDeadline(HttpConfiguration config, long millis) {
      super(config);
      this.millis = millis;
    }

    @Override
    public Connection newConnection(Connector connector, EndPoint endPoint) {
      Connection c = super.newConnection(connector, endPoint);
      if (c instanceof HttpConnection h && millis > 0) {
        connector
            .getScheduler()
            .schedule(
                () -> {
                  if (h.getMessagesIn() == 0 && endPoint.isOpen()) {
                    endPoint.close();
                  }
                },
                millis,
                TimeUnit.MILLISECONDS);
      }
      return c;
    }
  }
}
