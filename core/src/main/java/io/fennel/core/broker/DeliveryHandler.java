package io.fennel.core.broker;

/**
 * Receives deliveries on the transport's consumer thread. It must not block for long: hand the work
 * to a pool and settle the delivery later.
 */
@FunctionalInterface
public interface DeliveryHandler {
  void handle(Delivery delivery);
}
