package io.fennel.core.worker;

/**
 * A process-pool child died while running a task (out of memory, {@code System.exit}, a signal, a
 * crash in native code); stored under Celery's name, {@code billiard.exceptions.WorkerLostError}.
 */
public final class WorkerLostError extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public WorkerLostError(String message) {
    super(message);
  }
}
