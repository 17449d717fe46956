package io.fennel.protocol.event;

import java.util.Objects;

/**
 * The fields every event carries, whatever its type: who sent it, the sender's Lamport clock and
 * when it was sent.
 *
 * @param hostname the sender's node name, e.g. {@code wire@vm} or {@code gen5478@vm}
 * @param utcoffset the sender's offset from UTC in hours, or null when the message had none
 * @param pid the sender's process id, or null when the message had none
 * @param clock the sender's Lamport clock at the time of sending
 * @param timestamp epoch seconds with a fraction
 */
public record EventFields(
    String hostname, Integer utcoffset, Integer pid, long clock, double timestamp) {

  public EventFields {
    Objects.requireNonNull(hostname, "hostname");
  }

  /** The usual case: every field known. */
  public static EventFields of(
      String hostname, int utcoffset, int pid, long clock, double timestamp) {
    return new EventFields(hostname, utcoffset, pid, clock, timestamp);
  }
}
