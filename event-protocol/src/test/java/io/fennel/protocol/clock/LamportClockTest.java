package io.fennel.protocol.clock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The Lamport clock only goes up, jumps past received values, and never hands out a value twice.
 */
class LamportClockTest {

  @Test
  void aFreshClockForwardsToOneFirstAsCeleryDoes() {
    LamportClock clock = new LamportClock();
    assertThat(clock.value()).isZero();
    assertThat(clock.forward()).isEqualTo(1);
    assertThat(clock.forward()).isEqualTo(2);
    assertThat(clock.value()).isEqualTo(2);
  }

  @Test
  void adjustJumpsPastAHigherReceivedClock() {
    LamportClock clock = new LamportClock(3);
    assertThat(clock.adjust(10)).isEqualTo(11);
    assertThat(clock.value()).isEqualTo(11);
  }

  @Test
  void adjustWithALowerReceivedClockStillMovesForwardByOne() {
    LamportClock clock = new LamportClock(20);
    assertThat(clock.adjust(5)).isEqualTo(21);
  }

  @Test
  void aNegativeStartIsRefusedNamingTheValue() {
    assertThatThrownBy(() -> new LamportClock(-1)).hasMessageContaining("-1");
  }

  @Test
  void concurrentForwardsFromManyThreadsNeverRepeatOrLoseATick() throws Exception {
    int threads = 16;
    int perThread = 10_000;
    LamportClock clock = new LamportClock();
    CountDownLatch start = new CountDownLatch(1);
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      List<Future<List<Long>>> results = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        results.add(
            pool.submit(() -> {
              start.await();
              List<Long> seen = new ArrayList<>(perThread);
              for (int i = 0; i < perThread; i++) {
                seen.add(i % 100 == 0 ? clock.adjust(i) : clock.forward());
              }
              return seen;
            }));
      }
      start.countDown();
      Set<Long> all = new HashSet<>();
      for (Future<List<Long>> f : results) {
        List<Long> seen = f.get(30, TimeUnit.SECONDS);
        for (int i = 1; i < seen.size(); i++) {
          assertThat(seen.get(i)).isGreaterThan(seen.get(i - 1));
        }
        all.addAll(seen);
      }
      assertThat(all).hasSize(threads * perThread);
      assertThat(clock.value()).isGreaterThanOrEqualTo((long) threads * perThread);
    } finally {
      pool.shutdownNow();
    }
  }
}
