package io.fennel.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.fennel.it.support.Proc;
import io.fennel.it.support.Services;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.params.SetParams;

/**
 * {@code fennel result} on real Redis reads records shaped exactly as celery-node 0.5.9's worker
 * writes them ({@code RedisBackend.storeResult}: {@code traceback} holds the result or the thrown
 * value, failures have {@code result: null}; captured from a real celery-node run on 2026-12-02),
 * says SUCCESS and FAILURE as Python Celery does, and notes what it could not interpret.
 */
class CeleryNodeResultsTest {
  static final String BACKEND = "redis://127.0.0.1:6379/14";
  static final Duration WAIT = Duration.ofSeconds(60);

  static String store(String json) {
    String id = UUID.randomUUID().toString();
    try (RedisClient r = RedisClient.create(BACKEND)) {
      r.set("celery-task-meta-" + id, json.replace("TASK_ID", id), SetParams.setParams().ex(300));
    }
    return id;
  }

  static Proc result(String id) {
    return Proc.fennel(
        "fennel-result",
        Map.of(),
        "result",
        id,
        "-b",
        "memory://node",
        "--result-backend",
        BACKEND);
  }

  @Test
  void givenACeleryNodeSuccessWithANumericTracebackWhenFennelResultReadsItThenItPrintsTheResult()
      throws Exception {
    Services.requireRedis();
    String id =
        store(
            "{\"status\":\"SUCCESS\",\"result\":42,\"traceback\":42,\"children\":[],"
                + "\"task_id\":\"TASK_ID\",\"date_done\":\"2026-12-02T01:57:01.517Z\"}");
    try (Proc p = result(id)) {
      assertThat(p.waitFor(WAIT)).as(p.output()).isZero();
      assertThat(p.lines()).contains("state: SUCCESS", "42");
      assertThat(p.output()).contains("note: traceback is '42' on a SUCCESS record");
    }
  }

  @Test
  void givenACeleryNodeFailureWhenFennelResultReadsItThenItSaysFailureAndWhatIsUnknown()
      throws Exception {
    Services.requireRedis();
    String id =
        store(
            "{\"status\":\"FAILURE\",\"result\":null,\"traceback\":{},\"children\":[],"
                + "\"task_id\":\"TASK_ID\",\"date_done\":\"2026-12-02T01:57:01.517Z\"}");
    try (Proc p = result(id)) {
      assertThat(p.waitFor(WAIT)).as(p.output()).isEqualTo(1);
      assertThat(p.lines()).contains("state: FAILURE");
      assertThat(p.output())
          .contains("note: the FAILURE record carries no exception")
          .doesNotContain("is not a Celery result");
    }
  }
}
