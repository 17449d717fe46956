package io.fennel.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fennel.it.support.Proc;
import io.fennel.it.support.Services;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.params.SetParams;

/**
 * {@code fennel result} and {@code fennel call --wait} on real Redis read records shaped exactly as
 * celery-node 0.5.9's worker writes them ({@code RedisBackend.storeResult}: {@code traceback} holds
 * the result or the thrown value, failures have {@code result: null}; captured from a real
 * celery-node run on 2026-12-02), says SUCCESS and FAILURE as Python Celery does, and notes what it
 * could not interpret.
 */
class CeleryNodeResultsTest {
  static final String BACKEND = "redis://127.0.0.1:6379/14";
  static final Duration WAIT = Duration.ofSeconds(60);
  static final Pattern UUID_LINE = Pattern.compile("[0-9a-f]{8}(-[0-9a-f]{4}){3}-[0-9a-f]{12}");

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

  /** {@code fennel call --wait} of a task nobody consumes (the broker is this process's memory). */
  static Proc callAndWait() {
    return Proc.fennel(
        "fennel-call",
        Map.of(),
        "call",
        "demo.add",
        "-a",
        "[40, 2]",
        "--wait",
        "--timeout",
        "60",
        "-b",
        "memory://node",
        "--result-backend",
        BACKEND);
  }

  /** The id {@code fennel call} printed, once it did. */
  static String sentId(Proc p) {
    await()
        .atMost(WAIT)
        .until(() -> p.lines().stream().anyMatch(l -> UUID_LINE.matcher(l.strip()).matches()));
    return p.lines().stream()
        .map(String::strip)
        .filter(l -> UUID_LINE.matcher(l).matches())
        .findFirst()
        .orElseThrow();
  }

  /**
   * Stores and publishes a record as celery-node's {@code RedisBackend.set} does (SETEX, PUBLISH).
   */
  static void storeAsCeleryNode(String id, String json) {
    String record = json.replace("TASK_ID", id);
    try (RedisClient r = RedisClient.create(BACKEND)) {
      r.set("celery-task-meta-" + id, record, SetParams.setParams().ex(300));
      r.publish("celery-task-meta-" + id, record);
    }
  }

  @Test
  void givenACeleryNodeSuccessWhenFennelCallWaitsForItThenItPrintsTheResult() throws Exception {
    Services.requireRedis();
    try (Proc p = callAndWait()) {
      String id = sentId(p);
      storeAsCeleryNode(
          id,
          "{\"status\":\"SUCCESS\",\"result\":42,\"traceback\":42,\"children\":[],"
              + "\"task_id\":\"TASK_ID\",\"date_done\":\"2026-12-02T01:57:01.517Z\"}");
      assertThat(p.waitFor(WAIT)).as(p.output()).isZero();
      assertThat(p.lines()).last().isEqualTo("42");
      assertThat(p.output()).doesNotContain("is not a Celery result");
    }
  }

  @Test
  void givenACeleryNodeFailureWhenFennelCallWaitsForItThenItSaysFailureAndWhatIsUnknown()
      throws Exception {
    Services.requireRedis();
    try (Proc p = callAndWait()) {
      String id = sentId(p);
      storeAsCeleryNode(
          id,
          "{\"status\":\"FAILURE\",\"result\":null,\"traceback\":{},\"children\":[],"
              + "\"task_id\":\"TASK_ID\",\"date_done\":\"2026-12-02T01:57:01.517Z\"}");
      assertThat(p.waitFor(WAIT)).as(p.output()).isEqualTo(1);
      assertThat(p.output())
          .contains("note: the FAILURE record carries no exception")
          .contains("FAILURE: ")
          .doesNotContain("is not a Celery result");
    }
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
