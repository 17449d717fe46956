package io.fennel.core.broker.amqp;

import static org.assertj.core.api.Assertions.assertThat;

import io.fennel.core.time.ManualScheduler;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The frames an {@link AckCoalescer} writes: one multiple ack below the oldest unsettled delivery,
 * single acks above it, rejects at once, and nothing left waiting longer than the linger.
 */
class AckCoalescerTest {
  private static final Duration LINGER = Duration.ofMillis(2);

  private final ManualScheduler time = new ManualScheduler(Instant.parse("2026-12-02T00:00:00Z"));
  private final List<String> frames = new ArrayList<>();
  private final AckCoalescer.Sink sink =
      new AckCoalescer.Sink() {
        @Override
        public void ack(long tag, boolean multiple) {
          frames.add((multiple ? "ack<=" : "ack ") + tag);
        }

        @Override
        public void reject(long tag, boolean requeue) {
          frames.add((requeue ? "requeue " : "reject ") + tag);
        }
      };

  private AckCoalescer coalescer(int batch, long... delivered) {
    AckCoalescer c = new AckCoalescer(sink, time, LINGER, batch);
    for (long tag : delivered) {
      c.delivered(tag);
    }
    return c;
  }

  @Test
  void givenAcksInOrder_whenTheBatchFills_thenOneMultipleAckCoversThem() throws Exception {
    AckCoalescer c = coalescer(4, 1, 2, 3, 4, 5, 6);

    c.ack(1);
    c.ack(2);
    c.ack(3);
    assertThat(frames).isEmpty();
    c.ack(4);

    assertThat(frames).containsExactly("ack<=4");
    assertThat(c.waiting()).isZero();
  }

  @Test
  void givenAnOlderDeliveryStillRunning_whenFlushed_thenNeverCoveredByAMultipleAck()
      throws Exception {
    AckCoalescer c = coalescer(3, 1, 2, 3, 4, 5);

    c.ack(2);
    c.ack(4);
    c.ack(3);

    // 1 is unsettled (acks late, say): a multiple ack to 4 would acknowledge it
    assertThat(frames).containsExactly("ack 2", "ack 4", "ack 3");
  }

  @Test
  void givenAGapBelow_whenFlushed_thenTheCoveredPartIsOneFrameAndTheRestSingles() throws Exception {
    AckCoalescer c = coalescer(3, 1, 2, 3, 4, 5);

    c.ack(1);
    c.ack(2);
    c.ack(4);

    assertThat(frames).containsExactly("ack<=2", "ack 4");
  }

  @Test
  void givenEachDeliveryAckedBeforeTheNextArrives_whenTheLingerPasses_thenOneFrameCoversThem()
      throws Exception {
    AckCoalescer c = coalescer(100);
    for (long tag = 1; tag <= 3; tag++) {
      c.delivered(tag);
      c.ack(tag); // nothing is left unsettled after each: that alone sends nothing
    }
    assertThat(frames).isEmpty();

    time.advance(LINGER);

    assertThat(frames).containsExactly("ack<=3");
  }

  @Test
  void givenEachDeliveryAckedBeforeTheNextArrives_whenTheBatchFills_thenItGoesOutAtOnce()
      throws Exception {
    AckCoalescer c = coalescer(2);
    for (long tag = 1; tag <= 5; tag++) {
      c.delivered(tag);
      c.ack(tag);
    }

    assertThat(frames).containsExactly("ack<=2", "ack<=4");
    assertThat(c.waiting()).isEqualTo(1);
  }

  @Test
  void givenAWaitingAck_whenTheLingerPasses_thenTheTimerSendsIt() throws Exception {
    AckCoalescer c = coalescer(100, 1, 2, 3);
    c.ack(1);
    time.advance(Duration.ofMillis(1));
    assertThat(frames).isEmpty();

    time.advance(Duration.ofMillis(1));

    assertThat(frames).containsExactly("ack 1");
    assertThat(c.waiting()).isZero();
  }

  @Test
  void givenAcksKeepComing_whenTheTimerFires_thenItWaitsForTheOldestOnlyOnce() throws Exception {
    AckCoalescer c = coalescer(100, 1, 2, 3, 4);
    c.ack(1);
    time.advance(Duration.ofMillis(2));
    assertThat(frames).containsExactly("ack 1");

    c.ack(2);
    time.advance(Duration.ofMillis(1));
    c.ack(3);
    time.advance(Duration.ofMillis(1));

    assertThat(frames).containsExactly("ack 1", "ack<=3");
  }

  @Test
  void givenARejectAmongAcks_whenSent_thenTheRejectGoesFirstAndTheAckCoversTheRest()
      throws Exception {
    AckCoalescer c = coalescer(10, 1, 2, 3);

    c.ack(1);
    c.reject(2, true);
    assertThat(frames).containsExactly("requeue 2");
    c.ack(3);
    time.advance(LINGER);

    // 2 is settled at the broker already, so a multiple ack to 3 touches only 1 and 3
    assertThat(frames).containsExactly("requeue 2", "ack<=3");
  }

  @Test
  void givenTheChannelRecovered_whenAnOldDeliveryIsAcked_thenItIsSentAloneAndNewOnesCoalesce()
      throws Exception {
    AckCoalescer c = coalescer(2, 1, 2);
    c.ack(1);
    c.reset();
    c.delivered(3);
    c.delivered(4);

    c.ack(2);
    c.ack(3);
    c.ack(4);

    assertThat(frames).containsExactly("ack 2", "ack<=4");
  }

  @Test
  void givenWaitingAcks_whenFlushed_thenAllGoOut() throws Exception {
    AckCoalescer c = coalescer(10, 1, 2, 3);
    c.ack(1);
    c.ack(2);

    c.flush();

    assertThat(frames).containsExactly("ack<=2");
  }

  @Test
  void batchIsAQuarterOfThePrefetchWithinBounds() {
    assertThat(AckCoalescer.batchFor(1)).isEqualTo(1);
    assertThat(AckCoalescer.batchFor(8)).isEqualTo(2);
    assertThat(AckCoalescer.batchFor(1_000)).isEqualTo(250);
    assertThat(AckCoalescer.batchFor(65_535)).isEqualTo(256);
  }
}
