package io.fennel.core.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fennel.core.error.ConfigException;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Rates as Celery writes them, and the token bucket that spaces tasks by them on the injected
 * clock.
 */
class TokenBucketTest {
  private final AtomicLong now = new AtomicLong();

  @ParameterizedTest
  @CsvSource({"10/s,10", "120/m,2", "3600/h,1", "7,7", "0.5/s,0.5", "' 5 / s ',5"})
  void ratesParseAsCeleryWritesThem(String text, double perSecond) {
    assertThat(RateLimit.parse("x", text).perSecond()).isEqualTo(perSecond);
  }

  @ParameterizedTest
  @ValueSource(strings = {"fast", "10/d", "-1/s", "10/", "/s", "1e3/s"})
  void aBadRateIsRefusedWithTheText(String text) {
    assertThatThrownBy(() -> RateLimit.parse("rate limit of demo.add", text))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("rate limit of demo.add")
        .hasMessageContaining("'" + text + "'");
  }

  @Test
  void fivePerSecondAdmitsOneEvery200MsWithoutBurst() {
    TokenBucket b = new TokenBucket(RateLimit.parse("r", "5/s"), now::get);
    assertThat(b.tryTake()).isTrue();
    assertThat(b.tryTake()).isFalse();
    assertThat(b.nanosUntilNextToken()).isEqualTo(200_000_000L);
    now.addAndGet(199_000_000L);
    assertThat(b.tryTake()).isFalse();
    now.addAndGet(1_000_000L);
    assertThat(b.tryTake()).isTrue();
    now.addAndGet(10_000_000_000L);
    assertThat(b.tryTake()).isTrue();
    assertThat(b.tryTake()).isFalse();
  }

  @Test
  void noLimitAlwaysAdmits() {
    TokenBucket b = new TokenBucket(RateLimit.NONE, now::get);
    for (int i = 0; i < 1000; i++) {
      assertThat(b.tryTake()).isTrue();
    }
    assertThat(b.nanosUntilNextToken()).isZero();
  }

  @Test
  void changingTheRateTakesEffectAtOnce() {
    TokenBucket b = new TokenBucket(RateLimit.parse("r", "1/s"), now::get);
    assertThat(b.tryTake()).isTrue();
    b.setRate(RateLimit.parse("r", "10/s"));
    now.addAndGet(100_000_000L);
    assertThat(b.tryTake()).isTrue();
  }
}
