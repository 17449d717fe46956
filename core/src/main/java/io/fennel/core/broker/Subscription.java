package io.fennel.core.broker;

/**
 * A running consumer on one queue. {@link #cancel()} stops new deliveries while those in hand can
 * still be settled (a warm shutdown); {@link #close()} ends it, returning unsettled messages to the
 * queue as redelivered.
 */
public interface Subscription extends AutoCloseable {
  /** The queue consumed. */
  String queue();

  /** Stops new deliveries; deliveries already handed out can still be settled until close. */
  void cancel();

  /** Ends the consumer; unsettled deliveries go back to the queue (redelivered). */
  @Override
  void close();
}
