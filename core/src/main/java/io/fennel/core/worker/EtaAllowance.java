package io.fennel.core.worker;

import io.fennel.core.broker.Subscription;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * Raises (or lowers) a queue's prefetch by the tasks held for their ETA, as Celery's QoS
 * increments, so that held tasks never take the slots of tasks that can run now.
 */
final class EtaAllowance implements EtaTimer.Allowance {
  private final Function<String, Subscription> consumers;
  private final int basePrefetch;
  private final Map<String, Integer> held = new ConcurrentHashMap<>();

  /** {@code consumers}: the subscription of a queue, or null; {@code basePrefetch}: 0 = none. */
  EtaAllowance(Function<String, Subscription> consumers, int basePrefetch) {
    this.consumers = consumers;
    this.basePrefetch = basePrefetch;
  }

  @Override
  public void adjust(String queue, int delta) {
    int heldNow = held.merge(queue, delta, Integer::sum);
    Subscription s = consumers.apply(queue);
    if (s != null && basePrefetch > 0) {
      s.prefetch(basePrefetch + Math.max(0, heldNow));
    }
  }
}
