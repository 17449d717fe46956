package io.fennel.example.spring;

import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;

/**
 * What the sample's acceptance test needs on the machine: RabbitMQ, Redis and Debian's Python
 * Celery. A missing one skips the test naming what to start or install; with {@code
 * FENNEL_REQUIRE_BROKERS=1} (CI) it fails instead.
 */
final class Peers {
  static final String RABBIT = "amqp://guest:guest@127.0.0.1:5672//";
  static final String PYTHON = "/usr/bin/python3";

  private Peers() {}

  static void require() {
    need(
        reachable(5672),
        "RabbitMQ is not reachable at 127.0.0.1:5672; start it with `rabbitmq-server -detached`");
    need(
        reachable(6379),
        "Redis is not reachable at 127.0.0.1:6379; start it with `redis-server --daemonize yes"
            + " --bind 127.0.0.1 --port 6379 --save \"\" --appendonly no`");
    need(
        celeryInstalled(),
        "Python Celery is not installed for /usr/bin/python3; install it with `apt-get install"
            + " python3-celery python3-redis`");
  }

  private static void need(boolean ok, String message) {
    if (ok) {
      return;
    }
    if ("1".equals(System.getenv("FENNEL_REQUIRE_BROKERS"))) {
      fail(message + " (FENNEL_REQUIRE_BROKERS=1, so this fails instead of skipping)");
    }
    Assumptions.abort(message);
  }

  private static boolean reachable(int port) {
    try (Socket s = new Socket()) {
      s.connect(new InetSocketAddress("127.0.0.1", port), 1000);
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  private static boolean celeryInstalled() {
    if (!Files.isExecutable(Path.of(PYTHON))) {
      return false;
    }
    try {
      return new ProcessBuilder(PYTHON, "-c", "import celery, redis").start().waitFor() == 0;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }
}
