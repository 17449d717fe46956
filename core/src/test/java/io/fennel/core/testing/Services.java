package io.fennel.core.testing;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * Checks that the real Redis and RabbitMQ integration tests need are listening: skips the test when
 * not, or fails it when {@code FENNEL_REQUIRE_BROKERS=1} (CI).
 */
public final class Services {
  public static final String REDIS_HOST = "127.0.0.1";
  public static final int REDIS_PORT = 6379;
  public static final String RABBIT_HOST = "127.0.0.1";
  public static final int RABBIT_PORT = 5672;

  private Services() {}

  public static void requireRedis() {
    require(
        REDIS_HOST,
        REDIS_PORT,
        "Redis is not reachable at 127.0.0.1:6379; start it with `redis-server --daemonize yes"
            + " --bind 127.0.0.1 -::1 --port 6379 --save \"\" --appendonly no`");
  }

  public static void requireRabbit() {
    require(
        RABBIT_HOST,
        RABBIT_PORT,
        "RabbitMQ is not reachable at 127.0.0.1:5672; start it with `rabbitmq-server -detached`"
            + " (user guest/guest)");
  }

  private static void require(String host, int port, String message) {
    if (reachable(host, port)) {
      return;
    }
    if ("1".equals(System.getenv("FENNEL_REQUIRE_BROKERS"))) {
      Assertions.fail(message);
    }
    Assumptions.abort(message);
  }

  private static boolean reachable(String host, int port) {
    try (Socket s = new Socket()) {
      s.connect(new InetSocketAddress(host, port), 500);
      return true;
    } catch (IOException e) {
      return false;
    }
  }
}
