package io.fennel.monitor.history;

import java.util.function.Consumer;

/**
 * Where the console keeps the events it received so a restarted console shows the same tasks and
 * workers: append each message body as it arrives, replay them all at start.
 */
public interface EventJournal extends AutoCloseable {

  /**
   * Keeps one event message body (one event or a {@code task.multi} list), as received. Never
   * blocks the caller for I/O and never throws: a journal that can't keep up drops and counts.
   */
  void append(byte[] body);

  /** Hands every kept body, oldest first, to {@code sink}; returns how many. */
  long replay(Consumer<byte[]> sink);

  /** Bodies that could not be kept (buffer full or store unreachable). */
  long dropped();

  /** Where it keeps them, for logs and pages. */
  String describe();

  @Override
  void close();
}
