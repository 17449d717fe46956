package io.fennel.core.broker.redis;

import io.fennel.core.broker.Broker;
import io.fennel.core.broker.BrokerContract;
import io.fennel.core.testing.Services;
import java.lang.reflect.Method;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.TestInfo;

/**
 * The broker contract on a real Redis at 127.0.0.1:6379, database 12, skipping what kombu's Redis
 * layout cannot do (each with its reason; {@link RedisBrokerTest} covers the Redis behaviour).
 */
class RedisBrokerContractTest extends BrokerContract {
  private static final Map<String, String> NOT_ON_REDIS =
      Map.of(
          "topicBindingsRouteByPattern",
          "topic exchanges are Redis pub/sub in kombu's layout: a message reaches only consumers"
              + " listening when it is published, so nothing queues up to count",
          "directExchangeRoutesByExactKeyAndFanoutReachesEveryBoundQueue",
          "fanout exchanges are Redis pub/sub (nothing queues up), and kombu sends a fanout"
              + " message with a routing key to /<db>.<exchange>/<key>, which queues bound with"
              + " '' do not listen on",
          "higherPriorityMessagesAreDeliveredFirst",
          "kombu's Redis transport serves lower priority numbers first (0 before 9), the reverse"
              + " of RabbitMQ");

  @BeforeAll
  static void redisIsRunning() {
    Services.requireRedis();
  }

  @BeforeEach
  void skipWhatRedisCannotDo(TestInfo test) {
    String reason = test.getTestMethod().map(Method::getName).map(NOT_ON_REDIS::get).orElse(null);
    Assumptions.assumeTrue(reason == null, reason);
  }

  @Override
  protected Broker openBroker() {
    return RedisBroker.open(RedisTesting.URL);
  }

  @Override
  protected String deliveryThreadPrefix() {
    return "fennel-redis-";
  }

  @Override
  protected void cleanUp(List<String> queues, List<String> exchanges) {
    RedisTesting.deleteQueues(queues);
    RedisTesting.deleteExchanges(exchanges);
  }
}
