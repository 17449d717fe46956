package io.fennel.core.broker.redis;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The Redis broker's options refuse values it cannot work with. */
class RedisBrokerOptionsTest {

  @Test
  void optionsRefuseAVisibilityTimeoutUnderOneSecond() {
    assertThatThrownBy(
            () -> RedisBrokerOptions.defaults().withVisibilityTimeout(Duration.ofMillis(10)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("visibility timeout must be >= 1 second, was PT0.01S");
  }
}
