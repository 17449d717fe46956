package io.fennel.core.internal.redis;

import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;

/** Says in a few words why Redis could not be reached, for messages that name the URL and fix. */
public final class RedisFailures {
  private RedisFailures() {}

  /** "connection refused", "unknown host x", "timed out", "login refused: ...", or the message. */
  public static String reason(Throwable e) {
    String known = knownReason(e, 0);
    return known != null ? known : String.valueOf(e.getMessage());
  }

  /** Finds a socket-level cause among causes and suppressed exceptions (Jedis keeps them there). */
  private static String knownReason(Throwable t, int depth) {
    if (t == null || depth > 8) {
      return null;
    }
    if (t instanceof ConnectException) {
      return "connection refused";
    }
    if (t instanceof UnknownHostException) {
      return "unknown host " + t.getMessage();
    }
    if (t instanceof SocketTimeoutException) {
      return "timed out";
    }
    if (t instanceof redis.clients.jedis.exceptions.JedisAccessControlException) {
      return "login refused: " + t.getMessage();
    }
    for (Throwable s : t.getSuppressed()) {
      String r = knownReason(s, depth + 1);
      if (r != null) {
        return r;
      }
    }
    return knownReason(t.getCause(), depth + 1);
  }
}
