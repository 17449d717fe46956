package io.fennel.monitor.history;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.RedisClient;

/**
 * A history journal whose Redis goes away in a burst keeps what it buffered, writes it once Redis
 * is back, and says in the log when the outage began and ended and what it lost, every placeholder
 * of those warnings filled.
 */
class JournalReconnectTest {
  private Process redis;
  private Path dir;
  private int port;

  /** Starts a redis-server of this test's own (skipping without one); returns its URL. */
  private String ownRedis() throws IOException {
    Assumptions.assumeTrue(
        Files.isExecutable(Path.of("/usr/bin/redis-server")), "redis-server is not installed");
    dir = Files.createTempDirectory("fennel-journal");
    port = freePort();
    startRedis(port);
    return "redis://127.0.0.1:" + port + "/0";
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  private void startRedis(int port) throws IOException {
    redis =
        new ProcessBuilder(
                "redis-server",
                "--port",
                Integer.toString(port),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "no",
                "--dir",
                dir.toString())
            .redirectErrorStream(true)
            .redirectOutput(dir.resolve("redis.log").toFile())
            .start();
    await().atMost(Duration.ofSeconds(10)).until(() -> reachable(port));
  }

  private static boolean reachable(int port) {
    try (Socket s = new Socket()) {
      s.connect(new InetSocketAddress("127.0.0.1", port), 200);
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  @AfterEach
  void stop() throws Exception {
    if (redis != null) {
      redis.destroyForcibly().waitFor();
    }
  }

  @Test
  void givenRedisGoesAwayInABurstWhenItComesBackThenTheBufferedEventsAreWrittenAndTheLogSaysSo()
      throws Exception {
    String url = ownRedis();
    Logger logger = (Logger) LoggerFactory.getLogger(RedisEventJournal.class);
    ListAppender<ILoggingEvent> logged = new ListAppender<>();
    logged.start();
    logger.addAppender(logged);
    try (RedisEventJournal journal = new RedisEventJournal(url, "j", 10_000)) {
      journal.append("[1]".getBytes(StandardCharsets.UTF_8));
      journal.flush(5_000);

      redis.destroyForcibly().waitFor();
      for (int i = 0; i < 5; i++) {
        journal.append(("[" + (i + 2) + "]").getBytes(StandardCharsets.UTF_8));
      }
      await()
          .atMost(Duration.ofSeconds(10))
          .until(() ->
              logged.list.stream().anyMatch(e -> e.getFormattedMessage().contains("unreachable")));
      startRedis(port);

      journal.flush(20_000);
      try (RedisClient check = RedisClient.create(URI.create(url))) {
        // the restarted Redis kept nothing (no persistence): exactly the five sent while away
        assertThat(check.xlen("j")).isEqualTo(5);
      }
      assertThat(journal.dropped()).isZero();
      assertThat(logged.list)
          .anySatisfy(e ->
              assertThat(e.getFormattedMessage())
                  .contains("reachable again", "0 event messages lost"));
      assertThat(logged.list).allSatisfy(JournalReconnectTest::noUnfilledPlaceholder);
    } finally {
      logger.detachAppender(logged);
    }
  }

  /**
   * Fault: the console's history warning showed an unfilled {@code ({})}. Every warning a failing
   * journal logs (its own, and the failure handler's first report) has each placeholder filled and
   * names the cause.
   */
  @Test
  void givenRedisIsAwayWhenTheJournalFailsAndClosesThenItsWarningsHaveNoUnfilledPlaceholder()
      throws Exception {
    String url = ownRedis();
    Logger journalLog = (Logger) LoggerFactory.getLogger(RedisEventJournal.class);
    Logger failureLog =
        (Logger) LoggerFactory.getLogger(io.fennel.core.runtime.FailureHandler.class);
    ListAppender<ILoggingEvent> logged = new ListAppender<>();
    logged.start();
    journalLog.addAppender(logged);
    failureLog.addAppender(logged);
    RedisEventJournal journal = null;
    boolean closed = false;
    try {
      journal = new RedisEventJournal(url, "j", 10_000);
      redis.destroyForcibly().waitFor();
      journal.append("[1]".getBytes(StandardCharsets.UTF_8));
      await()
          .atMost(Duration.ofSeconds(10))
          .until(() ->
              logged.list.stream().anyMatch(e -> e.getFormattedMessage().contains("unreachable")));
      journal.close();
      closed = true;
      assertThat(logged.list)
          .extracting(ILoggingEvent::getFormattedMessage)
          .anySatisfy(m -> assertThat(m).contains("unreachable (", "Exception"))
          .anySatisfy(m -> assertThat(m).contains("failed (monitor.history.write)"))
          .anySatisfy(
              m -> assertThat(m).contains("closed while unreachable: 1 event messages lost"));
      assertThat(logged.list).allSatisfy(JournalReconnectTest::noUnfilledPlaceholder);
    } finally {
      if (journal != null && !closed) {
        journal.close(); // an assertion failed before the close under test: stop its thread
      }
      journalLog.detachAppender(logged);
      failureLog.detachAppender(logged);
    }
  }

  private static void noUnfilledPlaceholder(ILoggingEvent e) {
    assertThat(e.getFormattedMessage()).as("logged: %s", e.getMessage()).doesNotContain("{}");
  }
}
