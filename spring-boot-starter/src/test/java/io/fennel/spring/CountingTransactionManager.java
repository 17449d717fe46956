package io.fennel.spring;

import java.util.concurrent.atomic.AtomicInteger;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.AbstractPlatformTransactionManager;
import org.springframework.transaction.support.DefaultTransactionStatus;

/** A transaction manager for tests that holds no resource and counts begins, commits, rollbacks. */
final class CountingTransactionManager extends AbstractPlatformTransactionManager {
  private static final long serialVersionUID = 1L;

  final AtomicInteger begun = new AtomicInteger();
  final AtomicInteger committed = new AtomicInteger();
  final AtomicInteger rolledBack = new AtomicInteger();

  @Override
  protected Object doGetTransaction() {
    return new Object();
  }

  @Override
  protected void doBegin(Object transaction, TransactionDefinition definition) {
    begun.incrementAndGet();
  }

  @Override
  protected void doCommit(DefaultTransactionStatus status) {
    committed.incrementAndGet();
  }

  @Override
  protected void doRollback(DefaultTransactionStatus status) {
    rolledBack.incrementAndGet();
  }
}
