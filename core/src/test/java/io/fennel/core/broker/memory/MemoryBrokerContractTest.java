package io.fennel.core.broker.memory;

import io.fennel.core.broker.Broker;
import io.fennel.core.broker.BrokerContract;

/** The broker contract on the in-memory transport. */
class MemoryBrokerContractTest extends BrokerContract {
  @Override
  protected Broker openBroker() {
    return new MemoryBroker();
  }

  @Override
  protected String deliveryThreadPrefix() {
    return "fennel-memory-";
  }
}
