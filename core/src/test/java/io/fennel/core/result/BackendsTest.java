package io.fennel.core.result;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fennel.core.error.FennelException;
import io.fennel.core.result.memory.MemoryBackend;
import org.junit.jupiter.api.Test;

/** result_backend URLs open the right backend or say what is accepted. */
class BackendsTest {

  @Test
  void nullOrEmptyMeansNoBackend() {
    assertThat(Backends.open(null)).isNull();
    assertThat(Backends.open("")).isNull();
    assertThat(Backends.open("  ")).isNull();
  }

  @Test
  void memoryUrlOpensMemoryBackend() {
    assertThat(Backends.open("memory://")).isInstanceOf(MemoryBackend.class);
  }

  @Test
  void redisUrlsOpenRedisBackendWithMaskedPassword() {
    try (ResultBackend b = Backends.open("redis://:pw@127.0.0.1:6379/3")) {
      // the backend classes are package-private; their names are what users see in a stack
      assertThat(b.getClass().getName()).isEqualTo("io.fennel.core.result.redis.RedisBackend");
      assertThat(b.url()).isEqualTo("redis://:***@127.0.0.1:6379/3");
    }
    try (ResultBackend b = Backends.open("rediss://user:pw@example.invalid")) {
      assertThat(b.url()).isEqualTo("rediss://user:***@example.invalid");
    }
  }

  @Test
  void rpcWithoutBrokerIsAClearError() {
    assertThatThrownBy(() -> Backends.open("rpc://"))
        .isInstanceOf(FennelException.class)
        .hasMessageContaining("rpc://")
        .hasMessageContaining("broker");
  }

  @Test
  void rpcWithBrokerOpensRpcBackend() {
    ResultBackend b = Backends.open("rpc://", () -> null, "oid-1");
    assertThat(b.getClass().getName()).isEqualTo("io.fennel.core.result.rpc.RpcBackend");
    assertThat(b.url()).isEqualTo("rpc://");
  }

  @Test
  void unknownSchemeNamesTheUrlAndTheChoices() {
    assertThatThrownBy(() -> Backends.open("mongodb://u:secret@db/x"))
        .isInstanceOf(FennelException.class)
        .hasMessageContaining("mongodb://u:***@db/x")
        .hasMessageNotContaining("secret")
        .hasMessageContaining("redis://")
        .hasMessageContaining("rpc://")
        .hasMessageContaining("memory://");
  }

  @Test
  void badRedisDatabaseIsNamed() {
    assertThatThrownBy(() -> Backends.open("redis://localhost:6379/abc"))
        .isInstanceOf(FennelException.class)
        .hasMessageContaining("'abc'");
  }
}
