package io.fennel.agent.internal.events;

import static org.assertj.core.api.Assertions.assertThat;

import io.fennel.protocol.event.Event;
import io.fennel.protocol.event.EventFields;
import io.fennel.protocol.event.TaskStarted;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The agent's bounded event buffer: batches, requeue order and what it drops past capacity. */
class EventBufferTest {
  private static Event e(long clock) {
    return new TaskStarted(EventFields.of("w@vm", 0, 1, clock, 0.0), "id-" + clock);
  }

  @Test
  void aFullBufferDropsTheOldestAndCountsThem() {
    EventBuffer b = new EventBuffer(3, 100);
    for (long i = 1; i <= 5; i++) {
      b.offer(e(i));
    }
    assertThat(b.dropped()).isEqualTo(2);
    assertThat(b.take()).extracting(Event::clock).containsExactly(3L, 4L, 5L);
  }

  @Test
  void requeuedEventsGoBackInFrontAndTheOldestAreDroppedPastCapacity() {
    EventBuffer b = new EventBuffer(3, 2);
    b.offer(e(1));
    b.offer(e(2));
    List<Event> taken = b.take();
    b.offer(e(3));
    b.offer(e(4));
    b.requeue(taken);
    assertThat(b.dropped()).isEqualTo(1);
    assertThat(b.take()).extracting(Event::clock).containsExactly(2L, 3L);
    assertThat(b.take()).extracting(Event::clock).containsExactly(4L);
  }

  @Test
  void takeReturnsAtMostOneBatch() throws Exception {
    EventBuffer b = new EventBuffer(10, 2);
    b.offer(e(1));
    b.offer(e(2));
    b.offer(e(3));
    assertThat(b.await(1_000_000_000L)).hasSize(2);
    assertThat(b.size()).isEqualTo(1);
  }
}
