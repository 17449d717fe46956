package io.fennel.agent.internal.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fennel.agent.testing.FlakyBroker;
import io.fennel.core.broker.memory.MemoryBroker;
import io.fennel.core.runtime.FailureHandler;
import io.fennel.core.time.ManualScheduler;
import io.fennel.protocol.event.EventFields;
import io.fennel.protocol.event.TaskStarted;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The event dispatcher backs off on the injected scheduler after a failed publish, reports the
 * failure to the failure handler, and names its thread after its node.
 */
class EventDispatcherTest {
  private final ManualScheduler time = new ManualScheduler(Instant.parse("2026-11-24T06:30:00Z"));
  private final FlakyBroker broker = new FlakyBroker(new MemoryBroker());
  private final FailureHandler failures = FailureHandler.logging();
  private final EventDispatcher dispatcher =
      new EventDispatcher(broker, "w1@vm", 100, 10, Duration.ofMillis(20), true, time, failures);

  @AfterEach
  void close() {
    dispatcher.close();
  }

  private static TaskStarted started(int clock) {
    return new TaskStarted(EventFields.of("w1@vm", 0, 1, clock, 0.0), "id-" + clock);
  }

  @Test
  void aFailedPublishIsRetriedOnlyAfterTheBackoffHasPassedOnTheInjectedClock() {
    broker.failEvents(true);
    dispatcher.start();
    dispatcher.send(started(1));
    await().until(() -> failures.counts().getOrDefault("events.publish", 0L) >= 1);
    await()
        .until(() -> time.pending() == 1); // the backoff's timer, and nothing publishes before it

    broker.failEvents(false);
    assertThat(broker.events()).isEmpty();
    time.advance(Duration.ofMillis(20));
    await().untilAsserted(() -> assertThat(broker.events()).hasSize(1));
    assertThat(failures.counts()).containsEntry("events.publish", 1L);
  }

  @Test
  void theThreadIsNamedAfterItsRoleAndNode() {
    AtomicReference<String> name = new AtomicReference<>();
    dispatcher.start();
    Thread.getAllStackTraces().keySet().stream()
        .map(Thread::getName)
        .filter(n -> n.startsWith("fennel-events"))
        .filter(n -> n.contains("w1@vm"))
        .findFirst()
        .ifPresent(name::set);
    assertThat(name.get()).isEqualTo("fennel-events[w1@vm]");
  }

  @Test
  void closingEndsABackoffWithoutTimeMovingAndSendsWhatIsLeft() {
    broker.failEvents(true);
    dispatcher.start();
    dispatcher.send(started(1));
    await().until(() -> time.pending() == 1);
    broker.failEvents(false);
    dispatcher.close();
    assertThat(broker.events()).hasSize(1);
  }
}
