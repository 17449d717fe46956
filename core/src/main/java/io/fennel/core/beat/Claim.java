package io.fennel.core.beat;

import java.time.Instant;

/**
 * A leader's claim of one run before it sends it: the store accepts it only while the claimant
 * holds the lease and the entry is as the claimant last read it, so two beats never send one run
 * twice.
 */
public sealed interface Claim {
  /** The lease holder making the claim. */
  String holder();

  /** The entry. */
  String entry();

  /** The id the task will be sent with. */
  String taskId();

  /** When it is sent. */
  Instant sentAt();

  /** A scheduled run: moves the entry's anchor from {@code expectedAnchor} to {@code newAnchor}. */
  record Scheduled(
      String holder,
      String entry,
      String taskId,
      Instant sentAt,
      Instant expectedAnchor,
      Instant newAnchor)
      implements Claim {}

  /** An extra run asked for at {@code requestedAt}; the anchor stays. */
  record RunNow(String holder, String entry, String taskId, Instant sentAt, Instant requestedAt)
      implements Claim {}
}
