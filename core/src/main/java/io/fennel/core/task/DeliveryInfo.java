package io.fennel.core.task;

/** Where a running task's message came from: exchange, routing key, queue, and if redelivered. */
public record DeliveryInfo(String exchange, String routingKey, String queue, boolean redelivered) {}
