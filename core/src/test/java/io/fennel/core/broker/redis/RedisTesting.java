package io.fennel.core.broker.redis;

import io.fennel.protocol.redis.RedisKeys;
import java.util.List;
import java.util.UUID;
import redis.clients.jedis.ClientSetInfoConfig;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.RedisClient;

/** A plain Jedis client on the test database (12), for looking at what Redis really holds. */
final class RedisTesting {
  static final int DB = 12;
  static final String URL = "redis://127.0.0.1:6379/" + DB;

  private RedisTesting() {}

  static RedisClient raw() {
    return RedisClient.builder()
        .hostAndPort(new HostAndPort("127.0.0.1", 6379))
        .clientConfig(
            DefaultJedisClientConfig.builder()
                .database(DB)
                .clientSetInfoConfig(ClientSetInfoConfig.DISABLED)
                .build())
        .build();
  }

  static String name(String what) {
    return "fennel.test." + what + "." + UUID.randomUUID().toString().substring(0, 8);
  }

  static void deleteQueues(List<String> queues) {
    try (RedisClient redis = raw()) {
      for (String queue : queues) {
        redis.del(RedisKeys.consumeOrder(List.of(queue)).toArray(String[]::new));
        redis.del(RedisKeys.bindingKey(queue));
      }
    }
  }

  static void deleteExchanges(List<String> exchanges) {
    try (RedisClient redis = raw()) {
      for (String exchange : exchanges) {
        redis.del(RedisKeys.bindingKey(exchange));
      }
    }
  }
}
