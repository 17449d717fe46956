package io.fennel.core.broker.memory;

import io.fennel.core.broker.Broker;
import io.fennel.core.broker.BrokerTransport;
import java.util.List;

/**
 * The in-memory transport behind {@code memory://} and {@code memory://name}: brokers of the same
 * name come from the JVM-wide {@link MemoryBrokerRegistry#jvm()} and share queues.
 */
public final class MemoryTransport implements BrokerTransport {
  @Override
  public List<String> schemes() {
    return List.of("memory");
  }

  @Override
  public Broker open(String url) {
    return MemoryBrokerRegistry.jvm().openUrl(url);
  }
}
