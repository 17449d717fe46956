package io.fennel.protocol.task;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fennel.protocol.ProtocolException;
import io.fennel.protocol.PythonJson;
import org.junit.jupiter.api.Test;

/** Canvas signature dicts: round trips in Celery's form, and malformed embeds named by field. */
class CanvasSignatureTest {
  private static TaskBody body(String embed) {
    return TaskBody.fromJson(PythonJson.read("body", "[[1], {}, " + embed + "]"));
  }

  @Test
  void aSignatureWithChordSizeRoundTripsInCeleryKeyOrder() {
    String dict =
        "{\"task\":\"demo.tsum\",\"args\":[],\"kwargs\":{},\"options\":{\"task_id\":\"b\"},"
            + "\"subtask_type\":null,\"immutable\":false,\"chord_size\":2}";
    Signature s = Signature.fromJson("sig", PythonJson.read("sig", dict));
    assertThat(s.chordSize()).isEqualTo(2);
    assertThat(s.taskId()).isEqualTo("b");
    assertThat(s.type()).isEqualTo(SubtaskType.TASK);
    assertThat(s.toJson().toString()).isEqualTo(dict);
  }

  @Test
  void aNestedChordInAChainIsCheckedDownToItsBody() {
    TaskBody b =
        body(
            "{\"callbacks\": null, \"errbacks\": null, \"chain\": [{\"task\": \"celery.chord\","
                + " \"args\": [], \"kwargs\": {\"header\": {\"task\": \"celery.group\", \"args\":"
                + " [], \"kwargs\": {\"tasks\": []}, \"options\": {}, \"subtask_type\": \"group\","
                + " \"immutable\": false}, \"body\": {\"task\": \"demo.tsum\"}}, \"options\": {},"
                + " \"subtask_type\": \"chord\", \"immutable\": false}], \"chord\": null}");
    assertThat(b.embed().chain().get(0).type()).isEqualTo(SubtaskType.CHORD);
  }

  @Test
  void anUnknownSubtaskTypeIsRefusedNamingTheField() {
    assertThatThrownBy(() ->
            body(
                "{\"callbacks\": null, \"errbacks\": null, \"chain\": [{\"task\": \"x\","
                    + " \"subtask_type\": \"weave\"}], \"chord\": null}"))
        .isInstanceOfSatisfying(
            ProtocolException.class,
            e -> {
              assertThat(e.field()).isEqualTo("body.embed.chain[0].subtask_type");
              assertThat(e.getMessage()).contains("'weave'").contains("chord");
            });
  }

  @Test
  void aChordWithoutABodyOrAChainWithoutTasksIsRefusedNamingTheField() {
    assertThatThrownBy(() ->
            body(
                "{\"chord\": {\"task\": \"celery.chord\", \"kwargs\": {\"header\": {\"task\":"
                    + " \"celery.group\", \"kwargs\": {\"tasks\": []}, \"subtask_type\":"
                    + " \"group\"}}, \"subtask_type\": \"chord\"}}"))
        .isInstanceOfSatisfying(
            ProtocolException.class,
            e -> assertThat(e.field()).isEqualTo("body.embed.chord.kwargs.body"));
    assertThatThrownBy(() ->
            body(
                "{\"callbacks\": [{\"task\": \"celery.chain\", \"kwargs\": {\"tasks\": 3},"
                    + " \"subtask_type\": \"chain\"}]}"))
        .isInstanceOfSatisfying(
            ProtocolException.class,
            e -> assertThat(e.field()).isEqualTo("body.embed.callbacks[0].kwargs.tasks"));
  }
}
