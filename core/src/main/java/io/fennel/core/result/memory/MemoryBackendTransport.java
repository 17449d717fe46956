package io.fennel.core.result.memory;

import io.fennel.core.broker.Broker;
import io.fennel.core.result.BackendTransport;
import io.fennel.core.result.ResultBackend;
import java.time.Duration;
import java.util.List;
import java.util.function.Supplier;

/** The in-memory result backend behind {@code memory://} URLs, for tests and the demo. */
public final class MemoryBackendTransport implements BackendTransport {
  @Override
  public List<String> schemes() {
    return List.of("memory");
  }

  @Override
  public ResultBackend open(
      String url, Supplier<Broker> broker, String replyQueue, Duration resultExpires) {
    return new MemoryBackend(url);
  }
}
