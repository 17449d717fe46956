package io.fennel.core.result.memory;

import io.fennel.core.result.BackendOptions;
import io.fennel.core.result.BackendTransport;
import io.fennel.core.result.ResultBackend;
import java.util.List;

/** The in-memory result backend behind {@code memory://} URLs, for tests and the demo. */
public final class MemoryBackendTransport implements BackendTransport {
  @Override
  public List<String> schemes() {
    return List.of("memory");
  }

  @Override
  public ResultBackend open(String url, BackendOptions options) {
    return new MemoryBackend(url);
  }
}
