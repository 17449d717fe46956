package io.fennel.core.runtime;

import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The one way Fennel makes threads: every thread is named by its role and, where it belongs to a
 * worker or console, by its node ({@code fennel-worker[celery@host]-3}, {@code
 * fennel-events[w1@h]}), so a thread dump of a JVM running several workers says whose each thread
 * is.
 */
public final class FennelThreads {
  private FennelThreads() {}

  /** The name of a single thread: {@code fennel-ROLE} or {@code fennel-ROLE[NODE]}. */
  public static String name(String role, String node) {
    return node == null || node.isEmpty() ? "fennel-" + role : "fennel-" + role + "[" + node + "]";
  }

  /** A factory of numbered daemon platform threads: {@code fennel-ROLE[NODE]-1}, {@code -2}, ... */
  public static ThreadFactory platform(String role, String node) {
    return numbered(role, node, false);
  }

  /** A factory of numbered virtual threads, named as {@link #platform}. */
  public static ThreadFactory virtual(String role, String node) {
    return numbered(role, node, true);
  }

  private static ThreadFactory numbered(String role, String node, boolean virtual) {
    String prefix = name(role, node) + "-";
    AtomicInteger next = new AtomicInteger();
    return r -> {
      String n = prefix + next.incrementAndGet();
      return virtual
          ? Thread.ofVirtual().name(n).unstarted(r)
          : Thread.ofPlatform().name(n).daemon(true).unstarted(r);
    };
  }

  /** Starts one daemon platform thread named {@link #name(String, String)}. */
  public static Thread start(String role, String node, Runnable body) {
    return Thread.ofPlatform().name(name(role, node)).daemon(true).start(body);
  }

  /** Starts one non-daemon platform thread (one that must keep the JVM up until it ends). */
  public static Thread startUser(String role, String node, Runnable body) {
    return Thread.ofPlatform().name(name(role, node)).daemon(false).start(body);
  }
}
