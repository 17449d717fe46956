package io.fennel.core.broker.redis;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fennel.core.broker.Delivery;
import io.fennel.core.broker.MessageProperties;
import io.fennel.core.broker.OutgoingMessage;
import io.fennel.core.broker.QueueSpec;
import io.fennel.core.broker.Subscription;
import io.fennel.core.runtime.FailureHandler;
import io.fennel.core.testing.Services;
import io.fennel.core.time.ManualScheduler;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Protocol;
import redis.clients.jedis.RedisClient;

/**
 * The Redis broker's loops wait on the injected scheduler (retries, the restore timer, idle polls
 * where the server has no BLMOVE) and report what fails to the failure handler instead of throwing;
 * an idle consumer blocks on its list, so a message is taken as soon as it arrives.
 */
class RedisBrokerSchedulingTest {
  private static final Duration WAIT = Duration.ofSeconds(10);

  private final ManualScheduler scheduler = new ManualScheduler(Instant.now());
  private final FailureHandler failures = FailureHandler.logging();
  private final String queue = RedisTesting.name("scheduling");
  private RedisBroker broker;

  @BeforeAll
  static void redisIsRunning() {
    Services.requireRedis();
  }

  @BeforeEach
  void open() {
    broker =
        RedisBroker.open(
            RedisTesting.URL,
            RedisBrokerOptions.defaults().withScheduler(scheduler).withFailures(failures));
    broker.declareQueue(QueueSpec.task(queue));
  }

  @AfterEach
  void close() {
    broker.close();
    RedisTesting.deleteQueues(List.of(queue));
  }

  @Test
  void anIdleConsumerTakesAMessageAsSoonAsItArrivesWithoutTheClockMoving() {
    List<Delivery> received = new CopyOnWriteArrayList<>();
    Subscription s = broker.consume(queue, 1, received::add);
    try {
      // the restore timer waits on the manual clock; the idle consumer blocks on its list
      await().atMost(WAIT).until(() -> scheduler.pending() >= 1);
      publish("hello");
      await().atMost(WAIT).until(() -> received.size() == 1);
      assertThat(new String(received.get(0).body(), UTF_8)).isEqualTo("hello");
      received.get(0).ack();
      assertThat(scheduler.pending()).as("no idle pause on the clock").isEqualTo(1);
    } finally {
      s.close();
    }
  }

  @Test
  @SuppressWarnings("deprecation") // ACL has no typed call on RedisClient
  void onAServerWithoutBlmoveAnIdleConsumerLooksAgainOnlyWhenTheInjectedClockMoves() {
    String user = "fennel-noblmove-" + UUID.randomUUID();
    try (RedisClient raw = RedisTesting.raw()) {
      raw.sendCommand(
          Protocol.Command.ACL, "SETUSER", user, "on", ">pw", "~*", "&*", "+@all", "-blmove");
      try (RedisBroker limited =
          RedisBroker.open(
              "redis://" + user + ":pw@127.0.0.1:6379/" + RedisTesting.DB,
              RedisBrokerOptions.defaults().withScheduler(scheduler).withFailures(failures))) {
        List<Delivery> received = new CopyOnWriteArrayList<>();
        int timers = scheduler.pending();
        Subscription s = limited.consume(queue, 1, received::add);
        try {
          // the idle consumer's first pause
          await().atMost(WAIT).until(() -> scheduler.pending() > timers);
          publish("hello");
          assertThat(received).as("nothing taken while the manual clock stands still").isEmpty();

          scheduler.advance(RedisListConsumer.IDLE.delay(1));

          await().atMost(WAIT).until(() -> received.size() == 1);
          assertThat(new String(received.get(0).body(), UTF_8)).isEqualTo("hello");
          received.get(0).ack();
        } finally {
          s.close();
        }
      } finally {
        raw.sendCommand(Protocol.Command.ACL, "DELUSER", user);
      }
    }
  }

  @Test
  void aHandlerThatThrowsIsCountedAndTheConsumerCarriesOn() {
    List<String> seen = new CopyOnWriteArrayList<>();
    Subscription s =
        broker.consume(
            queue,
            0,
            d -> {
              seen.add(new String(d.body(), UTF_8));
              d.ack();
              throw new IllegalStateException("handler bug");
            });
    try {
      publish("one");
      publish("two");
      await()
          .atMost(WAIT)
          .until(() -> {
            scheduler.advance(RedisListConsumer.IDLE.delay(1));
            return seen.size() == 2;
          });
      assertThat(failures.counts()).containsEntry("redis.handler", 2L);
    } finally {
      s.close();
    }
  }

  @Test
  void closingEndsAConsumerPausedOnAClockThatNeverMoves() {
    Subscription s = broker.consume(queue, 1, d -> {});
    await().atMost(WAIT).until(() -> scheduler.pending() >= 1);
    long start = System.nanoTime();
    s.close();
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(2));
  }

  private void publish(String body) {
    broker.publish(
        new OutgoingMessage(
            "",
            queue,
            new MessageProperties("text/plain", "utf-8", Map.of(), 2, 0, null, null, null),
            body.getBytes(UTF_8)));
  }
}
