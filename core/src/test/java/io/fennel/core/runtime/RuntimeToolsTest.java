package io.fennel.core.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.fennel.core.time.ManualScheduler;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/** The shared thread factory, failure handler and backoff behave as their callers rely on. */
class RuntimeToolsTest {
  @Test
  void threadsAreNamedByRoleAndNodeAndNumbered() {
    var f = FennelThreads.platform("worker", "celery@host");
    assertThat(f.newThread(() -> {}).getName()).isEqualTo("fennel-worker[celery@host]-1");
    Thread second = f.newThread(() -> {});
    assertThat(second.getName()).isEqualTo("fennel-worker[celery@host]-2");
    assertThat(second.isDaemon()).isTrue();
    assertThat(FennelThreads.virtual("pool", "a@b").newThread(() -> {}).isVirtual()).isTrue();
    assertThat(FennelThreads.name("events", null)).isEqualTo("fennel-events");
  }

  @Test
  void aHandledFailureIsCountedAndNeverThrown() {
    FailureHandler h = FailureHandler.logging();
    h.guard(
        "listener",
        "telling a listener",
        () -> {
          throw new IllegalStateException("boom");
        });
    h.handle("listener", "telling a listener", new IllegalStateException("again"));
    h.handle("redis.poll", "polling", new RuntimeException("x"));
    assertThat(h.counts()).containsEntry("listener", 2L).containsEntry("redis.poll", 1L);
  }

  @Test
  void backoffDoublesUpToItsMaximum() {
    Backoff b = new Backoff(Duration.ofMillis(100), Duration.ofSeconds(1));
    assertThat(b.delay(1)).isEqualTo(Duration.ofMillis(100));
    assertThat(b.delay(2)).isEqualTo(Duration.ofMillis(200));
    assertThat(b.delay(4)).isEqualTo(Duration.ofMillis(800));
    assertThat(b.delay(5)).isEqualTo(Duration.ofSeconds(1));
    assertThat(b.delay(1000)).isEqualTo(Duration.ofSeconds(1));
    assertThatThrownBy(() -> new Backoff(Duration.ZERO, Duration.ofSeconds(1)))
        .hasMessageContaining("must be > 0, was PT0S");
  }

  @Test
  void aPauseEndsWhenTheInjectedClockPassesItsDelay() throws Exception {
    ManualScheduler clock = new ManualScheduler(Instant.parse("2026-01-01T00:00:00Z"));
    AtomicBoolean done = new AtomicBoolean();
    Thread t = new Thread(() -> done.set(Backoff.pause(clock, Duration.ofSeconds(5))));
    t.start();
    await().until(() -> clock.pending() == 1);
    clock.advance(Duration.ofSeconds(4));
    assertThat(done).isFalse();
    clock.advance(Duration.ofSeconds(1));
    t.join(5_000);
    assertThat(done).isTrue();
  }
}
