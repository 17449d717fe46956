package io.fennel.it.support;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.params.ShutdownParams;

/**
 * A {@code redis-server} of a test's own on a free port, persisting every write to an append-only
 * file in a temporary folder, that the test may kill or shut down and start again on the same port
 * and folder (the shared Redis on 6379 is never touched). {@link #close} always kills it.
 */
public final class OwnRedis implements AutoCloseable {
  private final int port;
  private final Path dir;
  private Process process;
  private int starts;

  private OwnRedis(int port, Path dir) {
    this.port = port;
    this.dir = dir;
  }

  /** Starts one; call {@link Services#requireRedisServer()} first. */
  public static OwnRedis start() throws IOException {
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    OwnRedis redis = new OwnRedis(port, Files.createTempDirectory("fennel-own-redis"));
    try {
      redis.restart();
    } catch (IOException | RuntimeException e) {
      redis.close(); // the caller never gets it to close
      throw e;
    }
    return redis;
  }

  /** {@code redis://127.0.0.1:<port>/<db>}. */
  public String url(int db) {
    return "redis://127.0.0.1:" + port + "/" + db;
  }

  public int port() {
    return port;
  }

  /** Starts the server (again) on the same port and folder, and waits until it answers. */
  public void restart() throws IOException {
    if (process != null && process.isAlive()) {
      throw new IllegalStateException("redis-server on " + port + " is still running");
    }
    starts++;
    process =
        new ProcessBuilder(
                List.of(
                    Services.redisServer().toString(),
                    "--port",
                    Integer.toString(port),
                    "--bind",
                    "127.0.0.1",
                    "--appendonly",
                    "yes",
                    "--appendfsync",
                    "always",
                    "--save",
                    "",
                    "--dir",
                    dir.toString()))
            .redirectErrorStream(true)
            .redirectOutput(dir.resolve("redis-" + starts + ".log").toFile())
            .start();
    await()
        .atMost(Duration.ofSeconds(20))
        .pollInterval(Duration.ofMillis(50))
        .ignoreExceptions()
        .failFast("redis-server on " + port + " exited; see " + dir, () -> !process.isAlive())
        .until(() -> {
          try (RedisClient r = RedisClient.create(url(0))) {
            return "PONG".equals(r.ping());
          }
        });
  }

  /** SIGKILL, as a crash would; waits until the process is gone. */
  public void kill() throws InterruptedException {
    process.destroyForcibly();
    if (!process.waitFor(10, TimeUnit.SECONDS)) {
      throw new IllegalStateException("redis-server on " + port + " survived SIGKILL for 10 s");
    }
  }

  /** {@code SHUTDOWN NOSAVE}, as an operator would; waits until the process is gone. */
  public void shutdownNoSave() throws InterruptedException {
    try (Jedis r = new Jedis("127.0.0.1", port)) {
      r.shutdown(ShutdownParams.shutdownParams().nosave());
    } catch (RuntimeException expected) {
      // the server closes the connection instead of answering
    }
    if (!process.waitFor(10, TimeUnit.SECONDS)) {
      kill();
    }
  }

  @Override
  public void close() {
    if (process != null && process.isAlive()) {
      process.destroyForcibly();
      try {
        process.waitFor(10, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    try (var files = Files.walk(dir)) {
      files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException ignored) {
      // a leftover temporary folder is harmless
    }
  }
}
