package io.fennel.protocol.task;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fennel.protocol.ProtocolException;
import io.fennel.protocol.PythonJson;
import io.fennel.protocol.serial.Compression;
import io.fennel.protocol.serial.Content;
import io.fennel.protocol.serial.ContentCodecs;
import io.fennel.protocol.serial.JsonSerializer;
import io.fennel.protocol.serial.MsgpackSerializer;
import io.fennel.protocol.serial.YamlSerializer;
import java.nio.charset.StandardCharsets;
import java.util.EnumSet;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Reading task messages as a Celery worker does: protocol 1 bodies, compressed bodies, msgpack and
 * YAML when accepted, pickle never; and writing them back in each form.
 */
class TaskMessageReaderTest {
  /** What Celery 5.2.6's {@code app.amqp.as_task_v1} builds (countdown 10, expires 60). */
  static final String V1 =
      "{\"task\": \"demo.add\", \"id\": \"id-1\", \"args\": [2, 3], \"kwargs\": {\"z\": 1},"
          + " \"group\": \"g-1\", \"group_index\": null, \"retries\": 0, \"eta\":"
          + " \"2026-11-24T10:00:10+00:00\", \"expires\": \"2026-11-24T10:01:00+00:00\", \"utc\":"
          + " true, \"callbacks\": [{\"task\": \"demo.echo\", \"args\": [1], \"kwargs\": {},"
          + " \"options\": {}, \"subtask_type\": null, \"immutable\": false}], \"errbacks\": null,"
          + " \"timelimit\": [10, 5], \"taskset\": \"g-1\", \"chord\": null}";

  static final TaskProperties JSON = TaskProperties.forTask("id-1", "");
  static final TaskMessageReader ALL =
      new TaskMessageReader(
          new ContentCodecs(EnumSet.of(Content.JSON, Content.MSGPACK, Content.YAML), null),
          1 << 20);

  @Test
  void givenACeleryProtocolOneBodyWhenReadThenItIsTheSameTaskRequest() {
    TaskMessage m = TaskMessageCodec.decode(JSON, Map.of(), V1.getBytes(StandardCharsets.UTF_8));
    TaskHeaders h = m.headers();
    assertThat(h.task()).isEqualTo("demo.add");
    assertThat(h.id()).isEqualTo("id-1");
    assertThat(h.group()).isEqualTo("g-1");
    assertThat(h.eta()).isEqualTo("2026-11-24T10:00:10+00:00");
    assertThat(h.expiresInstant()).isPresent();
    assertThat(h.timelimit().hard()).isEqualTo(10);
    assertThat(h.timelimit().soft()).isEqualTo(5);
    assertThat(h.argsrepr()).isEqualTo("(2, 3)");
    assertThat(m.body().args().toString()).isEqualTo("[2,3]");
    assertThat(m.body().kwargs().get("z").asInt()).isEqualTo(1);
    assertThat(m.body().embed().callbacks()).hasSize(1);
    assertThat(m.body().embed().callbacks().get(0).task()).isEqualTo("demo.echo");
    assertThat(h.extra()).isEmpty();
  }

  @Test
  void givenAMessageWhenWrittenAsProtocolOneThenItReadsBackTheSame() {
    TaskMessage m = TaskMessageCodec.decode(JSON, Map.of(), V1.getBytes(StandardCharsets.UTF_8));
    TaskMessageWriter.Encoded wire = new TaskMessageWriter(new JsonSerializer(), null, 1).write(m);
    assertThat(wire.headers()).isEmpty();
    assertThat(PythonJson.read("b", wire.body()).get("taskset").asText()).isEqualTo("g-1");
    TaskMessage back = TaskMessageReader.JSON_ONLY.read(JSON, wire.headers(), wire.body());
    assertThat(back.headers()).isEqualTo(m.headers());
    assertThat(back.body().toJson()).isEqualTo(m.body().toJson());
  }

  @Test
  void givenEachFormatAndCompressionWhenWrittenThenTheReaderGetsTheSameMessage() {
    TaskMessage m =
        new TaskMessage(
            JSON,
            TaskHeaders.of("demo.add", "id-2", "gen1@vm"),
            TaskBody.ofArgs(PythonJson.MAPPER.createArrayNode().add(2).add("é")));
    for (var s :
        new io.fennel.protocol.serial.Serializer[] {
          new JsonSerializer(), new MsgpackSerializer(), new YamlSerializer()
        }) {
      for (Compression z : new Compression[] {null, Compression.ZLIB, Compression.BZIP2}) {
        TaskMessageWriter.Encoded wire = new TaskMessageWriter(s, z, 2).write(m);
        TaskProperties props =
            new TaskProperties(wire.contentType(), wire.contentEncoding(), 2, 0, "id-2", "", null);
        TaskMessage back = ALL.read(props, wire.headers(), wire.body());
        assertThat(back.headers()).as(s + " " + z).isEqualTo(m.headers());
        assertThat(back.body().toJson()).as(s + " " + z).isEqualTo(m.body().toJson());
        assertThat(wire.headers().containsKey("compression")).isEqualTo(z != null);
      }
    }
  }

  @Test
  void givenMsgpackWhenOnlyJsonIsAcceptedThenItIsRefusedSayingHowToAcceptIt() {
    TaskMessage m =
        new TaskMessage(JSON, TaskHeaders.of("demo.add", "id-3"), TaskBody.ofArgs(null));
    TaskMessageWriter.Encoded wire =
        new TaskMessageWriter(new MsgpackSerializer(), null, 2).write(m);
    TaskProperties props =
        new TaskProperties(wire.contentType(), wire.contentEncoding(), 2, 0, "id-3", "", null);
    assertThatThrownBy(() -> TaskMessageReader.JSON_ONLY.read(props, wire.headers(), wire.body()))
        .isInstanceOf(ProtocolException.class)
        .hasMessageContaining("application/x-msgpack (msgpack)")
        .hasMessageContaining("add msgpack to accept_content");
  }

  @Test
  void givenPickleWhenEverythingElseIsAcceptedThenItIsRefusedSayingWhyAndHowToSwitch() {
    TaskProperties pickle =
        new TaskProperties("application/x-python-serialize", "binary", 2, 0, "x", "", null);
    assertThatThrownBy(() ->
            ALL.read(
                pickle,
                TaskMessageCodec.encodeHeaders(TaskHeaders.of("demo.add", "x")),
                new byte[] {(byte) 0x80, 4, 'K', 1, '.'}))
        .isInstanceOf(ProtocolException.class)
        .hasMessageContaining("never unpickles")
        .hasMessageContaining("task_serializer='json'");
  }

  @Test
  void givenACompressionHeaderWhenTheTaskIsReadThenTheHeaderIsNotKeptAsAnExtra() {
    TaskMessage m =
        new TaskMessage(JSON, TaskHeaders.of("demo.add", "id-4"), TaskBody.ofArgs(null));
    TaskMessageWriter.Encoded wire =
        new TaskMessageWriter(new JsonSerializer(), Compression.ZLIB, 2).write(m);
    TaskMessage back = TaskMessageReader.JSON_ONLY.read(JSON, wire.headers(), wire.body());
    assertThat(back.headers().extra()).doesNotContainKey("compression");
  }
}
