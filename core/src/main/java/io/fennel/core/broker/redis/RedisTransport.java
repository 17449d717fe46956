package io.fennel.core.broker.redis;

import io.fennel.core.broker.Broker;
import io.fennel.core.broker.BrokerTransport;
import java.util.List;

/** The Redis transport (kombu's layout) behind {@code redis://} and {@code rediss://} URLs. */
public final class RedisTransport implements BrokerTransport {
  @Override
  public List<String> schemes() {
    return List.of("redis", "rediss");
  }

  @Override
  public Broker open(String url) {
    return RedisBroker.open(url);
  }
}
