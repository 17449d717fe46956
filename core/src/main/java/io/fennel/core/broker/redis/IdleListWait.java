package io.fennel.core.broker.redis;

import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.args.ListDirection;
import redis.clients.jedis.exceptions.JedisDataException;
import redis.clients.jedis.exceptions.JedisException;

/**
 * How an idle list consumer waits for its queue: blocked on the queue's main list with {@code
 * BLMOVE q q RIGHT RIGHT} (which leaves the list as it was) until a message lands there or the
 * round's delay passes. A server that refuses BLMOVE (before Redis 6.2, or an ACL without it) makes
 * the consumer wait on its timer from then on.
 */
final class IdleListWait {
  private static final Logger log = LoggerFactory.getLogger(IdleListWait.class);

  private final UnifiedJedis redis;
  private final String queue;
  private volatile boolean blocking = true;

  IdleListWait(UnifiedJedis redis, String queue) {
    this.redis = redis;
    this.queue = queue;
  }

  /**
   * Blocks on {@code list} for at most {@code delay}; false when the caller should wait out this
   * round on its timer instead (the server refused the command or is not ready).
   */
  boolean block(String list, Duration delay) {
    if (!blocking) {
      return false;
    }
    try {
      redis.blmove(list, list, ListDirection.RIGHT, ListDirection.RIGHT, delay.toMillis() / 1e3);
    } catch (JedisDataException e) {
      String why = String.valueOf(e.getMessage());
      if (why.startsWith("ERR unknown command") || why.startsWith("NOPERM")) {
        log.info(
            "'{}' waits on a timer when idle: the server does not let it BLMOVE ({})", queue, why);
        blocking = false;
      }
      // LOADING, OOM, READONLY, BUSY: wait this round on the timer, block again the next
      return false;
    } catch (JedisException e) {
      // a failing connection shows on the next take, which retries with its own backoff
      log.debug("idle wait on '{}' failed: {}", queue, e.getMessage());
    }
    return true;
  }
}
