package io.fennel.protocol.result;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.fennel.protocol.task.Vectors;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Every result record captured from Celery 5.2.6's Redis backend decodes and encodes back byte for
 * byte.
 */
class CapturedResultRecordsTest {

  /** Every stored task-meta value: the key snapshots and every SETEX seen by MONITOR. */
  static List<String[]> records() {
    List<String[]> out = new ArrayList<>();
    for (Path p : Vectors.files("redis-backend")) {
      String name = p.getFileName().toString();
      JsonNode f = Vectors.read(p);
      if (name.startsWith("task-meta_")) {
        out.add(new String[] {name, f.get("value_raw").textValue()});
      }
      if (f.has("commands")) {
        int i = 0;
        for (JsonNode c : f.get("commands")) {
          JsonNode cmd = c.get("cmd");
          if (cmd.get(0).textValue().equalsIgnoreCase("SETEX")
              && cmd.get(1).textValue().startsWith("celery-task-meta-")) {
            out.add(new String[] {name + "#" + i, cmd.get(3).textValue()});
          }
          i++;
        }
      }
    }
    return out;
  }

  @TestFactory
  Stream<DynamicTest> everyCapturedResultRecordDecodesAndEncodesBackByteForByte() {
    return records().stream()
        .map(r ->
            DynamicTest.dynamicTest(
                r[0], () -> assertThat(ResultRecord.fromJson(r[1]).toJson()).isEqualTo(r[1])));
  }

  @Test
  void givenAFailureRecordThenItsExceptionIsValueErrorBoomFromBuiltins() {
    String raw =
        Vectors.read(Vectors.root().resolve("redis-backend/task-meta_FAILURE.json"))
            .get("value_raw")
            .textValue();
    ExceptionInfo e = ResultRecord.fromJson(raw).exception().orElseThrow();
    assertThat(e.excType()).isEqualTo("ValueError");
    assertThat(e.excMessage().get(0).textValue()).isEqualTo("boom");
    assertThat(e.excMessage().size()).isEqualTo(1);
    assertThat(e.excModule()).isEqualTo("builtins");
    assertThat(ExceptionInfo.fromJson("result", e.toJson())).isEqualTo(e);
  }

  @Test
  void givenASuccessRecordThenThereIsNoException() {
    String raw =
        Vectors.read(Vectors.root().resolve("redis-backend/task-meta_SUCCESS.json"))
            .get("value_raw")
            .textValue();
    ResultRecord r = ResultRecord.fromJson(raw);
    assertThat(r.exception()).isEmpty();
    assertThat(r.result().intValue()).isEqualTo(5);
  }

  @Test
  void givenARevokedRecordThenItsExceptionIsTaskRevokedError() {
    String raw =
        Vectors.read(Vectors.root().resolve("redis-backend/task-meta_REVOKED_expired.json"))
            .get("value_raw")
            .textValue();
    assertThat(ResultRecord.fromJson(raw).exception().orElseThrow().excType())
        .isEqualTo("TaskRevokedError");
  }

  @Test
  void dateDoneIsNaiveIsoWithMicroseconds() {
    assertThat(ResultRecord.formatDateDone(Instant.parse("2026-11-24T06:33:27.963832Z")))
        .isEqualTo("2026-11-24T06:33:27.963832");
  }
}
