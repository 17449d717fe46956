package io.fennel.monitor.sse;

import io.javalin.http.sse.SseClient;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One browser on the event stream: a bounded buffer of messages and a virtual thread that writes
 * them. When the browser reads slower than changes arrive, the oldest messages go and the browser
 * is told how many with a {@code dropped} event, so a slow client never holds more than {@code
 * capacity} messages of memory and never slows ingestion. Messages about the same thing (one task,
 * one worker, one queue) are coalesced: a newer one replaces a waiting older one in place, so a
 * burst of heartbeats from 1,000 workers costs at most one message per worker.
 */
final class SseSession {
  private final SseClient client;
  private final int capacity;
  private final Map<Object, String[]> buffer = new LinkedHashMap<>();
  private long dropped;
  private boolean closed;

  SseSession(SseClient client, int capacity) {
    this.client = client;
    this.capacity = capacity;
  }

  /** Starts the writer on a virtual thread from {@code threads}. */
  void start(java.util.concurrent.ThreadFactory threads) {
    threads.newThread(this::run).start();
  }

  /** Queues one message; never blocks. */
  void offer(String event, String data) {
    offer(event, null, data);
  }

  /**
   * Queues one message, replacing a waiting one with the same {@code key} (null: never replaced);
   * never blocks.
   */
  synchronized void offer(String event, String key, String data) {
    if (closed) {
      return;
    }
    String[] message = {event, data};
    Object k = key == null ? new Object() : key;
    if (buffer.containsKey(k)) {
      buffer.put(k, message);
      return;
    }
    if (buffer.size() >= capacity) {
      Iterator<Object> oldest = buffer.keySet().iterator();
      oldest.next();
      oldest.remove();
      dropped++;
    }
    buffer.put(k, message);
    notifyAll();
  }

  /** The data of the waiting messages, oldest first (for tests). */
  synchronized java.util.List<String> waiting() {
    return buffer.values().stream().map(m -> m[1]).toList();
  }

  /** Messages dropped since the browser was last told (for tests). */
  synchronized long droppedSinceLastTold() {
    return dropped;
  }

  synchronized void close() {
    closed = true;
    notifyAll();
  }

  private String[] poll() {
    Iterator<String[]> it = buffer.values().iterator();
    if (!it.hasNext()) {
      return null;
    }
    String[] first = it.next();
    it.remove();
    return first;
  }

  private void run() {
    try {
      while (true) {
        String[] next;
        long lost;
        synchronized (this) {
          while (buffer.isEmpty() && !closed) {
            wait(15_000);
            if (buffer.isEmpty() && !closed) {
              break;
            }
          }
          if (closed) {
            return;
          }
          next = poll();
          lost = dropped;
          dropped = 0;
        }
        if (client.terminated()) {
          close();
          return;
        }
        if (lost > 0) {
          client.sendEvent("dropped", "{\"dropped\":" + lost + "}");
        }
        if (next == null) {
          client.sendComment("keep-alive");
        } else {
          client.sendEvent(next[0], next[1]);
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (RuntimeException e) {
      close();
    }
  }
}
