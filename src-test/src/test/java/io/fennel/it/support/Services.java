package io.fennel.it.support;

import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;

/**
 * The machine's services the cross-module tests need: RabbitMQ, Redis, Python Celery, Chromium.
 * When one is missing a test skips with a message naming what to start or install; with {@code
 * FENNEL_REQUIRE_BROKERS=1} (CI) it fails instead.
 */
public final class Services {
  private Services() {}

  public static final String RABBIT_URL = "amqp://guest:guest@127.0.0.1:5672//";
  public static final String PYTHON = "/usr/bin/python3";

  private static boolean required() {
    return "1".equals(System.getenv("FENNEL_REQUIRE_BROKERS"));
  }

  private static void need(boolean ok, String message) {
    if (ok) {
      return;
    }
    if (required()) {
      fail(message + " (FENNEL_REQUIRE_BROKERS=1, so this fails instead of skipping)");
    }
    Assumptions.abort(message);
  }

  static boolean reachable(int port) {
    try (Socket s = new Socket()) {
      s.connect(new InetSocketAddress("127.0.0.1", port), 1000);
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  public static void requireRabbit() {
    need(
        reachable(5672),
        "RabbitMQ is not reachable at 127.0.0.1:5672; start it with `rabbitmq-server -detached`");
  }

  public static void requireRedis() {
    need(
        reachable(6379),
        "Redis is not reachable at 127.0.0.1:6379; start it with `redis-server --daemonize yes"
            + " --bind 127.0.0.1 --port 6379 --save \"\" --appendonly no`");
  }

  /** The {@code redis-server} executable on {@code PATH}, or null. */
  public static Path redisServer() {
    for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin").split(":")) {
      Path p = Path.of(dir.isEmpty() ? "." : dir, "redis-server");
      if (Files.isExecutable(p)) {
        return p;
      }
    }
    return null;
  }

  /** For tests that start (and stop) a Redis of their own on another port. */
  public static void requireRedisServer() {
    need(
        redisServer() != null,
        "redis-server is not on PATH, so this test cannot start a Redis of its own; install it"
            + " with `apt-get install redis-server`");
  }

  public static void requireCelery() {
    boolean ok = Files.isExecutable(Path.of(PYTHON));
    if (ok) {
      try {
        Process p = new ProcessBuilder(PYTHON, "-c", "import celery, redis").start();
        ok = p.waitFor() == 0;
      } catch (IOException e) {
        ok = false;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        ok = false;
      }
    }
    need(
        ok,
        "Python Celery is not installed for /usr/bin/python3; install it with `apt-get install"
            + " python3-celery python3-redis`");
  }
}
