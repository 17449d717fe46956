package io.fennel.core.broker.memory;

import java.util.HashMap;
import java.util.Map;

/**
 * Named in-memory brokers, so that a producer and a worker in one JVM opened on {@code
 * memory://demo} share queues. A named broker lives while at least one handle on it is open; when
 * the last closes, its queues and messages are gone.
 *
 * <p>Create a registry per app (or per test) to keep brokers apart. {@link #jvm()} is the one
 * JVM-wide registry behind {@code Brokers.open("memory://...")}; it is the single deliberate static
 * in the broker code, because a URL alone must be enough to reach the same in-memory broker.
 */
public final class MemoryBrokerRegistry {
  private static final MemoryBrokerRegistry JVM = new MemoryBrokerRegistry();

  private final Map<String, Shared> brokers = new HashMap<>();

  private static final class Shared {
    final MemoryEngine engine;
    int handles;

    Shared(MemoryEngine engine) {
      this.engine = engine;
    }
  }

  /** The JVM-wide registry used by {@code Brokers.open("memory://...")}. */
  public static MemoryBrokerRegistry jvm() {
    return JVM;
  }

  /**
   * Opens a handle on the broker named {@code name} ({@code ""} for plain {@code memory://}),
   * creating it if no handle on it is open.
   */
  public synchronized MemoryBroker open(String name) {
    Shared shared =
        brokers.computeIfAbsent(name, n -> new Shared(new MemoryEngine("memory://" + n)));
    shared.handles++;
    return new MemoryBroker(shared.engine, () -> release(name, shared));
  }

  /**
   * Opens a handle on the broker a {@code memory://name} URL names ({@code memory://} is the
   * unnamed one); whatever follows the name ({@code /}, {@code ?}, {@code #}) is ignored.
   */
  public MemoryBroker openUrl(String url) {
    int colon = url.indexOf("://");
    String rest = colon < 0 ? url : url.substring(colon + 3);
    int end = rest.length();
    for (int i = 0; i < rest.length(); i++) {
      char c = rest.charAt(i);
      if (c == '/' || c == '?' || c == '#') {
        end = i;
        break;
      }
    }
    return open(rest.substring(0, end));
  }

  /** How many named brokers have open handles. */
  public synchronized int size() {
    return brokers.size();
  }

  private synchronized void release(String name, Shared shared) {
    if (--shared.handles == 0) {
      brokers.remove(name, shared);
    }
  }
}
