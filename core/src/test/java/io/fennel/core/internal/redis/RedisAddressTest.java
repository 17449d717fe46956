package io.fennel.core.internal.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fennel.core.error.FennelException;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Reading redis:// broker URLs. */
class RedisAddressTest {

  @Test
  void hostPortDatabasePasswordAndVisibilityTimeoutAreReadAndThePasswordMasked() {
    RedisAddress a = RedisAddress.parse("redis://:s3cret@10.0.0.5:6380/2?visibility_timeout=30");
    assertThat(a.host()).isEqualTo("10.0.0.5");
    assertThat(a.port()).isEqualTo(6380);
    assertThat(a.database()).isEqualTo(2);
    assertThat(a.password()).isEqualTo("s3cret");
    assertThat(a.user()).isNull();
    assertThat(a.ssl()).isFalse();
    assertThat(a.visibilityTimeout()).isEqualTo(Duration.ofSeconds(30));
    assertThat(a.maskedUrl()).isEqualTo("redis://:***@10.0.0.5:6380/2?visibility_timeout=30");
  }

  @Test
  void defaultsAreLocalhostPort6379DatabaseZeroAndNoVisibilityTimeout() {
    RedisAddress a = RedisAddress.parse("rediss://user:pw@cache");
    assertThat(a.host()).isEqualTo("cache");
    assertThat(a.port()).isEqualTo(6379);
    assertThat(a.database()).isZero();
    assertThat(a.user()).isEqualTo("user");
    assertThat(a.ssl()).isTrue();
    assertThat(a.visibilityTimeout()).isNull();
  }

  @Test
  void badValuesAreNamedInTheMessage() {
    assertThatThrownBy(() -> RedisAddress.parse("redis://:pw@host/abc"))
        .isInstanceOf(FennelException.class)
        .hasMessage(
            "broker URL 'redis://:***@host/abc' has database 'abc'; expected a number such as"
                + " redis://localhost:6379/0");
    assertThatThrownBy(() -> RedisAddress.parse("redis://host/0?visibility_timeout=0"))
        .hasMessage(
            "visibility_timeout must be >= 1 second, was 0 in redis://host/0?visibility_timeout=0");
    assertThatThrownBy(() -> RedisAddress.parse("redis://host/0?visibility_timeout=soon"))
        .hasMessageStartingWith("visibility_timeout must be a number of seconds, was 'soon'");
  }
}
