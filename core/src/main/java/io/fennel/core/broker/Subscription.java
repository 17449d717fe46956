package io.fennel.core.broker;

/**
 * A running consumer on one queue. {@link #cancel()} stops new deliveries while those in hand can
 * still be settled (a warm shutdown); {@link #close()} ends it, returning unsettled messages to the
 * queue as redelivered.
 */
public interface Subscription extends AutoCloseable {
  /** The queue consumed. */
  String queue();

  /**
   * Changes how many unsettled deliveries this consumer may hold at once (0: no limit), as AMQP's
   * {@code basic.qos}. A worker raises it for each task it holds for a future ETA, so held tasks
   * never take the slots of tasks that can run now.
   */
  void prefetch(int count);

  /** Stops new deliveries; deliveries already handed out can still be settled until close. */
  void cancel();

  /** Ends the consumer; unsettled deliveries go back to the queue (redelivered). */
  @Override
  void close();
}
