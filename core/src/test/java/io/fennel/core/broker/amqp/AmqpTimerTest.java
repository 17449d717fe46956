package io.fennel.core.broker.amqp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fennel.core.runtime.FailureHandler;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A broker's one timer thread starts on first use, is shared by every later caller, and once closed
 * refuses to start again, so a publish racing {@code close()} gets a clear refusal instead of a
 * rejected task or a thread nobody stops.
 */
class AmqpTimerTest {
  @Test
  void oneTimerRunsTheWorkOfEveryCaller() throws InterruptedException {
    AmqpTimer timer = new AmqpTimer(FailureHandler.logging());
    try {
      assertThat(timer.get()).isSameAs(timer.get());
      CountDownLatch ran = new CountDownLatch(1);
      timer.get().every(ran::countDown, java.time.Duration.ofMillis(10));
      assertThat(ran.await(10, TimeUnit.SECONDS)).isTrue();
    } finally {
      timer.close();
    }
  }

  @Test
  void aClosedTimerRefusesToStartAgainEvenIfItNeverRan() {
    AmqpTimer never = new AmqpTimer(FailureHandler.logging());
    never.close();
    assertThatThrownBy(never::get)
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("broker connection is closed");

    AmqpTimer used = new AmqpTimer(FailureHandler.logging());
    used.get();
    used.close();
    assertThatThrownBy(used::get).hasMessageContaining("open a new one");
  }
}
