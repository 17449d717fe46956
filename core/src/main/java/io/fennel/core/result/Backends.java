package io.fennel.core.result;

import io.fennel.core.FennelException;
import io.fennel.core.broker.Broker;
import io.fennel.core.result.memory.MemoryBackend;
import java.util.function.Supplier;

/** Opens a result backend from its URL. */
public final class Backends {
  private Backends() {}

  public static ResultBackend open(String url, Supplier<Broker> broker, String replyQueue) {
    if (url == null || url.isBlank()) {
      return null;
    }
    if (url.startsWith("memory://")) {
      return new MemoryBackend(url);
    }
    throw new FennelException("unknown result backend " + url);
  }
}
