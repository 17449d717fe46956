package io.fennel.core.broker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.fennel.core.broker.memory.MemoryBrokerRegistry;
import io.fennel.core.time.ManualScheduler;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * The first broker connection: failover URLs are tried in turn, and while none answers the
 * connector waits on the injected clock with a doubling delay, up to the retry limit, saying what
 * it waits for.
 */
class BrokerConnectorTest {
  final ManualScheduler clock = new ManualScheduler(Instant.parse("2026-01-01T00:00:00Z"));
  final MemoryBrokerRegistry memory = new MemoryBrokerRegistry();
  final List<String> tried = new CopyOnWriteArrayList<>();

  /** Opens memory brokers, failing the first {@code failures} tries of any URL starting "down". */
  Function<String, Broker> opener(int failures) {
    return url -> {
      tried.add(url);
      if (url.startsWith("down") || tried.size() <= failures) {
        throw new BrokerUnavailableException(url, "connection refused", null);
      }
      return memory.open("up");
    };
  }

  BrokerConnector connector(boolean retry, int maxRetries, int failures) {
    return new BrokerConnector(
        retry,
        maxRetries,
        clock,
        opener(failures),
        new io.fennel.core.runtime.Backoff(Duration.ofSeconds(1), Duration.ofSeconds(30)));
  }

  @Test
  void givenFailoverUrlsWhenTheFirstIsDownThenTheNextIsUsedWithoutWaiting() {
    Broker b = connector(true, 100, 0).open("down://a;memory://up");
    assertThat(b).isNotNull();
    assertThat(tried).containsExactly("down://a", "memory://up");
    assertThat(clock.pending()).isZero();
  }

  @Test
  void givenABrokerDownAtStartWhenItComesUpThenTheConnectorRetriedWithDoublingDelays()
      throws Exception {
    Logger logger = (Logger) LoggerFactory.getLogger(BrokerConnector.class);
    ListAppender<ILoggingEvent> logs = new ListAppender<>();
    logs.start();
    logger.addAppender(logs);
    try {
      CompletableFuture<Broker> opened =
          CompletableFuture.supplyAsync(() -> connector(true, 100, 2).open("memory://up"));
      await().until(() -> clock.pending() == 1);
      clock.advance(Duration.ofMillis(999));
      assertThat(tried).hasSize(1);
      clock.advance(Duration.ofMillis(1));
      await().until(() -> tried.size() == 2 && clock.pending() == 1);
      clock.advance(Duration.ofSeconds(2));
      assertThat(opened.get(10, TimeUnit.SECONDS)).isNotNull();
      assertThat(tried).hasSize(3);
    } finally {
      logger.detachAppender(logs);
    }
    assertThat(logs.list)
        .filteredOn(e -> e.getLevel() == Level.WARN)
        .extracting(ILoggingEvent::getFormattedMessage)
        .containsExactly(
            "cannot reach broker memory://up (connection refused); start it or pass --broker;"
                + " retrying in 1.0 s (attempt 1 of 100; broker_connection_max_retries,"
                + " broker_connection_retry_on_startup=false to fail at once)",
            "cannot reach broker memory://up (connection refused); start it or pass --broker;"
                + " retrying in 2.0 s (attempt 2 of 100; broker_connection_max_retries,"
                + " broker_connection_retry_on_startup=false to fail at once)");
  }

  @Test
  void givenMaxRetriesWhenTheBrokerNeverAnswersThenItGivesUpWithTheReason() {
    CompletableFuture<Broker> opened =
        CompletableFuture.supplyAsync(() -> connector(true, 2, 0).open("down://a"));
    await().until(() -> clock.pending() == 1);
    clock.advance(Duration.ofSeconds(1));
    await().until(() -> tried.size() == 2 && clock.pending() == 1);
    clock.advance(Duration.ofSeconds(2));
    assertThatThrownBy(() -> opened.get(10, TimeUnit.SECONDS))
        .hasCauseInstanceOf(BrokerUnavailableException.class)
        .hasMessageContaining("connection refused");
    assertThat(tried).hasSize(3);
  }

  @Test
  void givenRetryOnStartupOffWhenTheBrokerIsDownThenItFailsAtOnce() {
    assertThatThrownBy(() -> connector(false, 100, 0).open("down://a"))
        .isInstanceOf(BrokerUnavailableException.class);
    assertThat(tried).containsExactly("down://a");
    assertThat(clock.pending()).isZero();
  }

  @Test
  void givenABrokerUrlWithSemicolonsWhenSplitThenEachUrlIsTried() {
    assertThat(BrokerConnector.failoverUrls("amqp://a//; amqp://b//"))
        .containsExactly("amqp://a//", "amqp://b//");
  }

  @Test
  void givenThreeFailoverUrlsWhenTheSecondIsOpenThenItFallsOverToTheThirdThenTheFirst() {
    String url = "amqp://a//;amqp://b//;amqp://c//";

    assertThat(BrokerConnector.failoverAfter(url, "amqp://b//"))
        .containsExactly("amqp://c//", "amqp://a//");
    assertThat(BrokerConnector.failoverAfter(url, "amqp://a//"))
        .containsExactly("amqp://b//", "amqp://c//");
    assertThat(BrokerConnector.failoverAfter("amqp://a//", "amqp://a//")).isEmpty();
  }
}
