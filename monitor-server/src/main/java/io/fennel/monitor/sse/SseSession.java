package io.fennel.monitor.sse;

import io.javalin.http.sse.SseClient;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * One browser on the event stream: a bounded buffer of messages and a virtual thread that writes
 * them. When the browser reads slower than changes arrive, the oldest messages go and the browser
 * is told how many with a {@code dropped} event, so a slow client never holds more than {@code
 * capacity} messages of memory and never slows ingestion.
 */
final class SseSession {
  private final SseClient client;
  private final int capacity;
  private final Deque<String[]> buffer = new ArrayDeque<>();
  private long dropped;
  private boolean closed;

  SseSession(SseClient client, int capacity) {
    this.client = client;
    this.capacity = capacity;
  }

  void start(String name) {
    Thread.ofVirtual().name(name).start(this::run);
  }

  /** Queues one message; never blocks. */
  synchronized void offer(String event, String data) {
    if (closed) {
      return;
    }
    if (buffer.size() >= capacity) {
      buffer.removeFirst();
      dropped++;
    }
    buffer.addLast(new String[] {event, data});
    notifyAll();
  }

  synchronized void close() {
    closed = true;
    notifyAll();
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
          next = buffer.pollFirst();
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
