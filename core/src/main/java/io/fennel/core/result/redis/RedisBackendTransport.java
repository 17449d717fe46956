package io.fennel.core.result.redis;

import io.fennel.core.result.BackendOptions;
import io.fennel.core.result.BackendTransport;
import io.fennel.core.result.ResultBackend;
import java.util.List;

/** The Redis result backend behind {@code redis://} and {@code rediss://} URLs. */
public final class RedisBackendTransport implements BackendTransport {
  @Override
  public List<String> schemes() {
    return List.of("redis", "rediss");
  }

  @Override
  public ResultBackend open(String url, BackendOptions options) {
    return new RedisBackend(url, options.resultExpires(), options.format());
  }
}
