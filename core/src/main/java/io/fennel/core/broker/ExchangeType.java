package io.fennel.core.broker;

/** The three exchange kinds Fennel uses: tasks (direct), events (topic), control (fanout). */
public enum ExchangeType {
  DIRECT,
  TOPIC,
  FANOUT;

  /** The name AMQP uses for this kind. */
  public String amqpName() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }
}
