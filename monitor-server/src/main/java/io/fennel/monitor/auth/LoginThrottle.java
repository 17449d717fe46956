package io.fennel.monitor.auth;

import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Logs every failed login with its source address and, after {@value #MAX_FAILURES} failures from
 * one address within {@value #WINDOW_SECONDS} s, refuses that address's logins (429) until the
 * window has passed. Remembers at most {@value #MAX_ADDRESSES} addresses (the least recent go).
 */
final class LoginThrottle {
  private static final Logger log = LoggerFactory.getLogger(LoginThrottle.class);

  static final int MAX_FAILURES = 10;
  static final long WINDOW_SECONDS = 300;
  static final int MAX_ADDRESSES = 10_000;

  private final Clock clock;
  private final Map<String, long[]> failures =
      new LinkedHashMap<>(64, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, long[]> eldest) {
          return size() > MAX_ADDRESSES;
        }
      };

  LoginThrottle(Clock clock) {
    this.clock = clock;
  }

  /** Seconds {@code address} must wait before trying again, or 0 when it may try now. */
  synchronized long retryAfter(String address) {
    long[] f = failures.get(address);
    long now = clock.millis() / 1000;
    if (f == null || now - f[1] >= WINDOW_SECONDS) {
      return 0;
    }
    return f[0] >= MAX_FAILURES ? Math.max(1, WINDOW_SECONDS - (now - f[1])) : 0;
  }

  /** Records and logs a failed login from {@code address} as {@code user} (may be null). */
  void failed(String address, String user, String why) {
    long count;
    synchronized (this) {
      long now = clock.millis() / 1000;
      long[] f = failures.get(address);
      if (f == null || now - f[1] >= WINDOW_SECONDS) {
        f = new long[] {0, now};
        failures.put(address, f);
      }
      count = ++f[0];
    }
    String who = user == null ? "" : " as '" + excerpt(user) + "'";
    if (count < MAX_FAILURES) {
      log.warn(
          "failed login from {}{} ({}); {} in the last {} s",
          address,
          who,
          why,
          count,
          WINDOW_SECONDS);
    } else if (count == MAX_FAILURES) {
      log.warn(
          "failed login from {}{} ({}); {} failures in {} s: refusing logins from {} (429) for"
              + " {} s",
          address,
          who,
          why,
          count,
          WINDOW_SECONDS,
          address,
          WINDOW_SECONDS);
    }
  }

  /** Forgets the failures of {@code address} after a good login. */
  synchronized void succeeded(String address) {
    failures.remove(address);
  }

  private static String excerpt(String s) {
    return s.length() <= 64 ? s.replaceAll("[\\p{Cntrl}]", "?") : s.substring(0, 61) + "...";
  }
}
