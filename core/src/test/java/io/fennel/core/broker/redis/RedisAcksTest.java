package io.fennel.core.broker.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.fennel.core.runtime.FailureHandler;
import io.fennel.core.testing.Services;
import io.fennel.core.testing.TcpProxy;
import io.fennel.protocol.redis.RedisKeys;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.ClientSetInfoConfig;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.RedisClient;

/**
 * The broker's ack writer, over a proxy in front of the real Redis: an ack never makes its caller
 * wait on Redis, a write that fails is reported once and retried until Redis is back, and closing
 * writes what is still waiting before it returns.
 */
class RedisAcksTest {
  private final FailureHandler failures = FailureHandler.logging();
  private RedisClient raw;
  private TcpProxy proxy;
  private RedisClient viaProxy;
  private RedisAcks acks;

  @BeforeAll
  static void redisIsRunning() {
    Services.requireRedis();
  }

  @BeforeEach
  void open() throws Exception {
    raw = RedisTesting.raw();
    proxy = new TcpProxy("127.0.0.1", 6379);
    proxy.stopRecording();
    viaProxy =
        RedisClient.builder()
            .hostAndPort(new HostAndPort("127.0.0.1", proxy.port()))
            .clientConfig(
                DefaultJedisClientConfig.builder()
                    .database(RedisTesting.DB)
                    .socketTimeoutMillis(60_000)
                    .clientSetInfoConfig(ClientSetInfoConfig.DISABLED)
                    .build())
            .build();
    UnackedLedger ledger =
        new UnackedLedger(viaProxy, new RedisTopology(RedisTesting.DB), Clock.systemUTC());
    acks = new RedisAcks(ledger, failures);
  }

  @AfterEach
  void close() {
    acks.close();
    viaProxy.close();
    proxy.close();
    raw.close();
  }

  /** Entries as a killed worker would leave them, in {@code unacked} and its index. */
  private List<String> recorded(int n) {
    List<String> tags = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      String tag = "fennel-test-ack-" + UUID.randomUUID();
      raw.hset(RedisKeys.UNACKED, tag, "[{}, \"\", \"q\"]");
      raw.zadd(RedisKeys.UNACKED_INDEX, 1.0, tag);
      tags.add(tag);
    }
    return tags;
  }

  private long stillRecorded(List<String> tags) {
    return tags.stream()
        .filter(t ->
            raw.hexists(RedisKeys.UNACKED, t) || raw.zscore(RedisKeys.UNACKED_INDEX, t) != null)
        .count();
  }

  @Test
  void anAckReturnsWhileRedisDoesNotAnswerAndIsWrittenWhenItDoes() throws Exception {
    List<String> tags = recorded(50);
    acks.ack(recorded(1).get(0)); // connects first
    await().atMost(Duration.ofSeconds(5)).until(() -> acks.awaitWritten(Duration.ZERO));
    proxy.holdReplies(true);

    // a caller that waited for Redis would wait here for the 60 s socket timeout
    assertTimeoutPreemptively(Duration.ofSeconds(10), () -> tags.forEach(acks::ack));
    assertThat(acks.awaitWritten(Duration.ZERO)).as("the writer is still waiting").isFalse();

    proxy.holdReplies(false);
    await().atMost(Duration.ofSeconds(10)).until(() -> stillRecorded(tags) == 0);
    assertThat(failures.counts()).isEmpty();
  }

  @Test
  void aWriteThatFailsIsReportedOnceAndRetriedUntilRedisIsBack() throws Exception {
    List<String> tags = recorded(20);
    proxy.down(true);

    tags.forEach(acks::ack);

    await().atMost(Duration.ofSeconds(10)).until(() -> failures.counts().containsKey("redis.ack"));
    assertThat(stillRecorded(tags)).as("nothing reached Redis").isEqualTo(tags.size());

    proxy.down(false);
    await().atMost(Duration.ofSeconds(15)).until(() -> stillRecorded(tags) == 0);
    assertThat(failures.counts()).as("one outage, one report").containsEntry("redis.ack", 1L);
  }

  @Test
  void closingWritesEveryWaitingAckBeforeItReturnsAndLaterAcksAreWrittenAtOnce() {
    List<String> tags = recorded(200);
    tags.forEach(acks::ack);

    acks.close();

    assertThat(stillRecorded(tags)).isZero();
    List<String> late = recorded(1);
    acks.ack(late.get(0));
    assertThat(stillRecorded(late)).isZero();
  }
}
