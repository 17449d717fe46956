package io.fennel.core.broker;

/** A running consumer on one queue; closing it cancels the consumer (unsettled messages return). */
public interface Subscription extends AutoCloseable {
  /** The queue consumed. */
  String queue();

  /** Stops delivering new messages; messages already delivered can still be settled. */
  @Override
  void close();
}
