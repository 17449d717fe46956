package io.fennel.core.broker;

/**
 * A message to publish: where it goes (exchange and routing key, AMQP style: exchange "" means
 * straight to the queue named by the routing key), its properties and its body bytes.
 */
public record OutgoingMessage(
    String exchange, String routingKey, MessageProperties properties, byte[] body) {}
