package io.fennel.monitor.sse;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** One browser's bounded, coalescing message buffer: what it keeps, drops and tells. */
class SseSessionTest {
  @Test
  void aSlowBrowserHoldsAtMostItsCapacityAndIsToldWhatWasDropped() {
    SseSession s = new SseSession(null, 3);
    for (int i = 1; i <= 5; i++) {
      s.offer("task", "m" + i);
    }
    assertThat(s.waiting()).containsExactly("m3", "m4", "m5");
    assertThat(s.droppedSinceLastTold()).isEqualTo(2);
  }

  @Test
  void aNewerMessageAboutTheSameThingReplacesTheWaitingOneInPlace() {
    SseSession s = new SseSession(null, 3);
    s.offer("worker", "w1", "w1 first");
    s.offer("task", "t1", "t1 first");
    s.offer("worker", "w1", "w1 second");
    assertThat(s.waiting()).containsExactly("w1 second", "t1 first");
    assertThat(s.droppedSinceLastTold()).isZero();
  }

  @Test
  void aClosedSessionTakesNothingMore() {
    SseSession s = new SseSession(null, 3);
    s.close();
    s.offer("task", "late");
    assertThat(s.waiting()).isEmpty();
  }
}
