package io.fennel.protocol.result;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * Result records exactly as celery-node 0.5.9's worker stores them in Redis (its {@code
 * RedisBackend.storeResult}; captured from a real celery-node worker run against Python Celery
 * 5.2.6 on 2026-12-02): read as Python Celery reads them, with notes for what cannot be
 * interpreted.
 */
class CeleryNodeRecordsTest {
  static final String SUCCESS =
      "{\"status\":\"SUCCESS\",\"result\":42,\"traceback\":42,\"children\":[],\"task_id\":"
          + "\"dca29cc4-0646-4bd1-b44c-567fa824a005\",\"date_done\":\"2026-12-02T01:57:01.517Z\"}";
  static final String FAILURE_ERROR =
      "{\"status\":\"FAILURE\",\"result\":null,\"traceback\":{},\"children\":[],\"task_id\":"
          + "\"87a8c1c2-d687-4ae6-bd4e-8ef3c78b3ed2\",\"date_done\":\"2026-12-02T01:57:01.517Z\"}";
  static final String FAILURE_STRING =
      "{\"status\":\"FAILURE\",\"result\":null,\"traceback\":\"plain string thrown\","
          + "\"children\":[],\"task_id\":\"415fb007-1ab0-4dec-a1b4-4ca2b9b6e0ea\",\"date_done\":"
          + "\"2026-12-02T01:57:01.517Z\"}";

  @Test
  void givenASuccessWithANumericTracebackWhenReadThenTheResultIsThereAndTheTracebackNoted() {
    ResultRecord r = ResultRecord.fromJson(SUCCESS);
    assertThat(r.status()).isEqualTo("SUCCESS");
    assertThat(r.result().asInt()).isEqualTo(42);
    assertThat(r.traceback()).isEqualTo("42");
    assertThat(ResultNotes.of(r))
        .singleElement()
        .asString()
        .contains("traceback is '42' on a SUCCESS record")
        .contains("ignored");
  }

  @Test
  void givenAFailureWithAnEmptyErrorObjectWhenReadThenItIsAFailureWithNoExceptionNoted() {
    ResultRecord r = ResultRecord.fromJson(FAILURE_ERROR);
    assertThat(r.status()).isEqualTo("FAILURE");
    assertThat(r.exception()).isEmpty();
    assertThat(r.traceback()).isEqualTo("{}");
    assertThat(ResultNotes.of(r))
        .hasSize(2)
        .anySatisfy(n -> assertThat(n).contains("carries no exception (result is 'null')"))
        .anySatisfy(n -> assertThat(n).contains("traceback is '{}', not a Python traceback"));
  }

  @Test
  void givenAFailureWithAThrownStringWhenReadThenTheStringIsTheTraceback() {
    ResultRecord r = ResultRecord.fromJson(FAILURE_STRING);
    assertThat(r.status()).isEqualTo("FAILURE");
    assertThat(r.traceback()).isEqualTo("plain string thrown");
    assertThat(ResultNotes.of(r)).anySatisfy(n -> assertThat(n).contains("carries no exception"));
  }

  @Test
  void givenARecordPythonCeleryWroteWhenReadThenThereIsNothingToNote() {
    ResultRecord r =
        ResultRecord.fromJson(
            "{\"status\": \"SUCCESS\", \"result\": 5, \"traceback\": null, \"children\": [],"
                + " \"date_done\": \"2026-11-24T10:00:00.123456\", \"task_id\": \"x\"}");
    assertThat(ResultNotes.of(r)).isEmpty();
  }

  @Test
  void givenOptionalKeysOfAnotherTypeWhenReadThenEachIsKeptAsItsJsonText() {
    // Once refused as malformed (MalformedInputTest); Python Celery reads them, so Fennel does.
    assertThat(
            ResultRecord.fromJson(
                    "{\"status\": \"FAILURE\", \"traceback\": [1], \"task_id\": \"t\"}")
                .traceback())
        .isEqualTo("[1]");
    assertThat(
            ResultRecord.fromJson(
                    "{\"status\": \"SUCCESS\", \"date_done\": 17, \"task_id\": \"t\"}")
                .dateDone())
        .isEqualTo("17");
    assertThat(
            ResultRecord.fromJson(
                    "{\"status\": \"SUCCESS\", \"group_id\": true, \"task_id\": \"t\"}")
                .groupId())
        .isEqualTo("true");
  }
}
