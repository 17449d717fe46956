package io.fennel.core.result.redis;

import io.fennel.core.broker.Broker;
import io.fennel.core.result.BackendTransport;
import io.fennel.core.result.ResultBackend;
import java.time.Duration;
import java.util.List;
import java.util.function.Supplier;

/** The Redis result backend behind {@code redis://} and {@code rediss://} URLs. */
public final class RedisBackendTransport implements BackendTransport {
  @Override
  public List<String> schemes() {
    return List.of("redis", "rediss");
  }

  @Override
  public ResultBackend open(
      String url, Supplier<Broker> broker, String replyQueue, Duration resultExpires) {
    return new RedisBackend(url, resultExpires);
  }
}
