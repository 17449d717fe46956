package io.fennel.spring;

import io.fennel.core.task.Task;
import java.util.concurrent.atomic.AtomicBoolean;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/** A task bean behind an interface, proxied by the JDK rather than by subclassing, in tests. */
public class ShippingTasks implements Shipping {
  final AtomicBoolean ranInTransaction = new AtomicBoolean();

  @Override
  @Transactional
  @Task(name = "spring.ship")
  public String ship(String parcel) {
    ranInTransaction.set(TransactionSynchronizationManager.isActualTransactionActive());
    return "shipped " + parcel;
  }
}
