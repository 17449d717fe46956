package io.fennel.protocol.redis;

import java.util.ArrayList;
import java.util.List;

/**
 * Key, member and channel names of kombu's Redis transport as Celery uses it.
 *
 * <p>Priorities: kombu clamps a message priority to 0..9 and rounds it <em>down</em> to one of the
 * steps {@link #PRIORITY_STEPS} 0, 3, 6, 9; step 0 is the queue's own list, step {@code n > 0} is
 * the list {@code queue + "\u0006\u0016" + n} (priority 5 went to {@code celery\u0006\u00163}).
 * Consumers {@code BRPOP} all queues at step 0, then all at step 3, and so on, so on Redis a
 * <em>lower</em> number is served first, the reverse of RabbitMQ. The envelope keeps the priority
 * as given (5).
 */
public final class RedisKeys {
  private RedisKeys() {}

  /** Separator kombu puts between parts of priority list names and binding members. */
  public static final String SEP = "\u0006\u0016";

  /** The priority steps kombu's Redis transport groups priorities into. */
  public static final List<Integer> PRIORITY_STEPS = List.of(0, 3, 6, 9);

  /** Hash of unacknowledged messages: delivery tag → {@code [envelope, exchange, routing_key]}. */
  public static final String UNACKED = "unacked";

  /** Sorted set of unacknowledged delivery tags scored by delivery time (epoch seconds). */
  public static final String UNACKED_INDEX = "unacked_index";

  /** Lock key taken while restoring unacknowledged messages at startup. */
  public static final String UNACKED_MUTEX = "unacked_mutex";

  /** Prefix of an exchange's binding set. */
  public static final String BINDING_PREFIX = "_kombu.binding.";

  /** The step a message priority falls into: clamped to 0..9, then rounded down to 0, 3, 6 or 9. */
  public static int priorityStep(Integer priority) {
    int p = priority == null ? 0 : Math.max(0, Math.min(9, priority));
    int step = 0;
    for (int s : PRIORITY_STEPS) {
      if (s <= p) {
        step = s;
      }
    }
    return step;
  }

  /** The list a message of {@code priority} is pushed to. */
  public static String priorityQueue(String queue, Integer priority) {
    int step = priorityStep(priority);
    return step == 0 ? queue : queue + SEP + step;
  }

  /** The lists a consumer of {@code queues} {@code BRPOP}s, in order: every queue per step. */
  public static List<String> consumeOrder(List<String> queues) {
    List<String> keys = new ArrayList<>();
    for (int step : PRIORITY_STEPS) {
      for (String q : queues) {
        keys.add(step == 0 ? q : q + SEP + step);
      }
    }
    return keys;
  }

  /** The set holding the bindings of {@code exchange}: {@code _kombu.binding.<exchange>}. */
  public static String bindingKey(String exchange) {
    return BINDING_PREFIX + exchange;
  }

  /** A binding member: {@code <routing_key>SEP<pattern>SEP<queue>} (pattern is usually empty). */
  public static String bindingMember(String routingKey, String pattern, String queue) {
    return routingKey + SEP + pattern + SEP + queue;
  }

  /** The pub/sub channel of a topic exchange message: {@code /<db>.<exchange>/<routing_key>}. */
  public static String topicChannel(int db, String exchange, String routingKey) {
    return "/" + db + "." + exchange + "/" + routingKey;
  }

  /** The pub/sub channel of a fanout exchange: {@code /<db>.<exchange>}. */
  public static String fanoutChannel(int db, String exchange) {
    return "/" + db + "." + exchange;
  }
}
