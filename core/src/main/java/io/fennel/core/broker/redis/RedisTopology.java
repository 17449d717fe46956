package io.fennel.core.broker.redis;

import io.fennel.core.broker.ExchangeType;
import io.fennel.protocol.redis.RedisKeys;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArraySet;
import redis.clients.jedis.UnifiedJedis;

/**
 * Exchanges, queues and bindings in kombu's Redis layout. Redis keeps only the bindings ({@code
 * _kombu.binding.<exchange>} sets); exchange kinds and declared queues live in this process, as
 * they do in kombu. An exchange never declared here is direct, as kombu assumes.
 *
 * <p>Topic and fanout exchanges are pub/sub: a message goes to {@code /<db>.<exchange>/<routing
 * key>}, or {@code /<db>.<exchange>} when the routing key is empty, and a queue bound to one
 * PSUBSCRIBEs the binding key with {@code #} turned into {@code *} ({@code worker.#} → {@code
 * /2.celeryev/worker.*}). Redis glob {@code *} also matches dots, so {@code task.*} matches {@code
 * task.multi.x} here, unlike RabbitMQ; and a fanout message published with a non-empty routing key
 * reaches only queues bound with that key — both as in kombu.
 */
final class RedisTopology {
  private final int db;
  private final Map<String, ExchangeType> exchanges = new ConcurrentHashMap<>();
  private final Set<String> declaredQueues = ConcurrentHashMap.newKeySet();
  private final Set<String> autoDelete = ConcurrentHashMap.newKeySet();

  /** Queue → patterns it receives pub/sub messages on. */
  private final Map<String, Set<String>> patterns = new ConcurrentHashMap<>();

  /** Queue → its bindings made here, as (set key, member) pairs. */
  private final Map<String, Set<List<String>>> bindings = new ConcurrentHashMap<>();

  RedisTopology(int db) {
    this.db = db;
  }

  void declareExchange(String name, ExchangeType type) {
    exchanges.put(name, type);
  }

  ExchangeType typeOf(String exchange) {
    return exchanges.getOrDefault(exchange, ExchangeType.DIRECT);
  }

  boolean isPubSub(String exchange) {
    return !exchange.isEmpty() && typeOf(exchange) != ExchangeType.DIRECT;
  }

  void declareQueue(String queue, boolean autoDeleted) {
    declaredQueues.add(queue);
    if (autoDeleted) {
      autoDelete.add(queue);
    }
  }

  boolean isDeclared(String queue) {
    return declaredQueues.contains(queue);
  }

  boolean isAutoDelete(String queue) {
    return autoDelete.contains(queue);
  }

  /** SADDs the binding as kombu does; returns the pattern to PSUBSCRIBE for pub/sub exchanges. */
  String bind(UnifiedJedis redis, String queue, String exchange, String routingKey) {
    String rk = routingKey == null ? "" : routingKey;
    String key = RedisKeys.bindingKey(exchange);
    String member = RedisKeys.bindingMember(rk, "", queue);
    redis.sadd(key, member);
    bindings.computeIfAbsent(queue, q -> ConcurrentHashMap.newKeySet()).add(List.of(key, member));
    if (!isPubSub(exchange)) {
      return null;
    }
    String pattern = subscribePattern(exchange, rk);
    patterns.computeIfAbsent(queue, q -> new CopyOnWriteArraySet<>()).add(pattern);
    return pattern;
  }

  /** The pub/sub patterns {@code queue} is bound with, in binding order. */
  List<String> patternsOf(String queue) {
    Set<String> p = patterns.get(queue);
    return p == null ? List.of() : List.copyOf(p);
  }

  /** The channel a message to a pub/sub exchange is PUBLISHed on. */
  String publishChannel(String exchange, String routingKey) {
    return routingKey == null || routingKey.isEmpty()
        ? RedisKeys.fanoutChannel(db, exchange)
        : RedisKeys.topicChannel(db, exchange, routingKey);
  }

  /** The PSUBSCRIBE pattern for a binding of a pub/sub exchange. */
  String subscribePattern(String exchange, String routingKey) {
    return publishChannel(exchange, routingKey.replace('#', '*'));
  }

  /**
   * The queues a message to a direct exchange goes to: members of {@code _kombu.binding.<exchange>}
   * whose routing key equals {@code routingKey}; the default exchange goes to the queue named by
   * the routing key.
   */
  List<String> lookup(UnifiedJedis redis, String exchange, String routingKey) {
    if (exchange.isEmpty()) {
      return List.of(routingKey);
    }
    Set<String> queues = new LinkedHashSet<>();
    List<String> members = new ArrayList<>(redis.smembers(RedisKeys.bindingKey(exchange)));
    members.sort(null);
    for (String member : members) {
      String[] parts = member.split(RedisKeys.SEP, -1);
      if (parts.length == 3 && parts[0].equals(routingKey)) {
        queues.add(parts[2]);
      }
    }
    return List.copyOf(queues);
  }

  /**
   * Forgets an auto-delete queue and removes it as kombu does: SREM the bindings made here, DEL its
   * lists.
   */
  void delete(UnifiedJedis redis, String queue) {
    declaredQueues.remove(queue);
    autoDelete.remove(queue);
    patterns.remove(queue);
    Set<List<String>> made = bindings.remove(queue);
    if (made != null) {
      for (List<String> binding : made) {
        redis.srem(binding.get(0), binding.get(1));
      }
    }
    redis.del(RedisKeys.consumeOrder(List.of(queue)).toArray(String[]::new));
  }
}
