package io.fennel.protocol.result;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.fennel.protocol.state.TaskState;
import org.junit.jupiter.api.Test;

/** A result record's status read as a {@link TaskState}, with custom states kept as strings. */
class ResultRecordStateTest {

  private static ResultRecord withStatus(String status) {
    return ResultRecord.fromJson(
        "{\"status\": \""
            + status
            + "\", \"result\": null, \"traceback\": null, \"children\": [], \"date_done\": null,"
            + " \"task_id\": \"t1\"}");
  }

  @Test
  void givenACeleryStateThenStateIsTypedAndReadyFollowsTheTable() {
    ResultRecord r = withStatus("SUCCESS");
    assertThat(r.state()).contains(TaskState.SUCCESS);
    assertThat(r.ready()).isTrue();
    assertThat(withStatus("RETRY").ready()).isFalse();
  }

  @Test
  void givenACustomStateThenStateIsEmptyAndTheNameSurvivesByteForByte() {
    String raw =
        "{\"status\": \"PROGRESS\", \"result\": {\"done\": 3}, \"traceback\": null,"
            + " \"children\": [], \"date_done\": null, \"task_id\": \"t1\"}";
    ResultRecord r = ResultRecord.fromJson(raw);
    assertThat(r.state()).isEmpty();
    assertThat(r.ready()).isFalse();
    assertThat(r.status()).isEqualTo("PROGRESS");
    assertThat(r.toJson()).isEqualTo(raw);
    assertThat(withStatus("success").state()).as("states are spelt exactly").isEmpty();
  }

  @Test
  void givenATypedStateWhenBuiltWithOfThenItEncodesAsCeleryDoes() {
    ResultRecord r =
        ResultRecord.of(
            TaskState.FAILURE,
            new ExceptionInfo(
                    "ValueError", JsonNodeFactory.instance.arrayNode().add("boom"), "builtins")
                .toJson(),
            "Traceback",
            "2026-11-24T07:00:00",
            null,
            null,
            "t1");
    assertThat(r.status()).isEqualTo("FAILURE");
    assertThat(r.exception()).map(ExceptionInfo::excType).contains("ValueError");
    assertThat(r.toJson())
        .isEqualTo(
            "{\"status\": \"FAILURE\", \"result\": {\"exc_type\": \"ValueError\", \"exc_message\":"
                + " [\"boom\"], \"exc_module\": \"builtins\"}, \"traceback\": \"Traceback\","
                + " \"children\": [], \"date_done\": \"2026-11-24T07:00:00\", \"task_id\": \"t1\"}");
  }
}
