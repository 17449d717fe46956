package io.fennel.protocol.control;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * {@code add_consumer}: the worker starts consuming one more queue, declared as a Celery task
 * queue. Celery's client sends {@code exchange} and {@code routing_key} null and {@code
 * exchange_type} "direct"; further keyword arguments (Celery passes them to its queue declaration)
 * are kept in {@code options}, in order.
 *
 * @param queue the queue name
 * @param exchange its exchange, or null for one named like the queue
 * @param exchangeType the exchange's type, or null for {@code direct}
 * @param routingKey the binding key, or null for the queue name
 * @param options the other arguments given
 */
public record AddConsumer(
    String queue,
    String exchange,
    String exchangeType,
    String routingKey,
    Map<String, JsonNode> options)
    implements Command {
  /** The method on the wire. */
  public static final String METHOD = "add_consumer";

  static final String QUEUE = "queue";
  static final String EXCHANGE = "exchange";
  static final String EXCHANGE_TYPE = "exchange_type";
  static final String ROUTING_KEY = "routing_key";
  static final String QUEUE_FORMS = "a queue name";
  private static final Set<String> KNOWN = Set.of(QUEUE, EXCHANGE, EXCHANGE_TYPE, ROUTING_KEY);

  public AddConsumer {
    queue = checkQueue(METHOD, queue);
    Map<String, JsonNode> copy = new LinkedHashMap<>();
    if (options != null) {
      options.forEach((k, v) -> copy.put(k, v.deepCopy()));
    }
    options = Collections.unmodifiableMap(copy);
  }

  /** A queue declared the way Celery's client asks for it: exchange type direct, no options. */
  public static AddConsumer of(String queue) {
    return new AddConsumer(queue, null, "direct", null, Map.of());
  }

  static AddConsumer read(Arguments a) {
    return new AddConsumer(
        a.text(QUEUE, QUEUE_FORMS),
        a.optText(EXCHANGE, "an exchange name"),
        a.optText(EXCHANGE_TYPE, "direct, topic, fanout or headers"),
        a.optText(ROUTING_KEY, "a routing key"),
        a.rest(KNOWN));
  }

  /** The exchange type in force: the one given, else {@code direct}. */
  public String effectiveExchangeType() {
    return exchangeType == null ? "direct" : exchangeType;
  }

  @Override
  public String method() {
    return METHOD;
  }

  @Override
  public ObjectNode toArguments() {
    ObjectNode o = JsonNodeFactory.instance.objectNode();
    o.put(QUEUE, queue);
    o.put(EXCHANGE, exchange);
    o.put(EXCHANGE_TYPE, exchangeType);
    o.put(ROUTING_KEY, routingKey);
    options.forEach((k, v) -> o.set(k, v.deepCopy()));
    return o;
  }

  @Override
  public Map<String, JsonNode> options() {
    Map<String, JsonNode> copy = new LinkedHashMap<>();
    options.forEach((k, v) -> copy.put(k, v.deepCopy()));
    return Collections.unmodifiableMap(copy);
  }

  static String checkQueue(String method, String queue) {
    if (queue == null || queue.isBlank()) {
      throw new CommandArgumentException(
          method,
          QUEUE,
          "argument '" + QUEUE + "' must be " + QUEUE_FORMS + ", was '" + queue + "'");
    }
    return queue.trim();
  }
}
