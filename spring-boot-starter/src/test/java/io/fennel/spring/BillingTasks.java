package io.fennel.spring;

import io.fennel.core.task.Task;
import java.util.concurrent.atomic.AtomicBoolean;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/** A bean of tasks for tests whose methods run in a transaction, as an application's would. */
public class BillingTasks {
  final AtomicBoolean ranInTransaction = new AtomicBoolean();

  @Transactional
  @Task(name = "spring.charge")
  public int charge(int cents) {
    ranInTransaction.set(TransactionSynchronizationManager.isActualTransactionActive());
    return cents;
  }

  @Transactional
  @Task(name = "spring.refuse", maxRetries = 0)
  public int refuse(String reason) {
    ranInTransaction.set(TransactionSynchronizationManager.isActualTransactionActive());
    throw new IllegalStateException(reason);
  }
}
