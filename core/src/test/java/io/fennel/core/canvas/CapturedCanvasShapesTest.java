package io.fennel.core.canvas;

import static io.fennel.core.canvas.Canvas.chain;
import static io.fennel.core.canvas.Canvas.chord;
import static io.fennel.core.canvas.Canvas.group;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.fennel.core.Fennel;
import io.fennel.core.broker.Delivery;
import io.fennel.core.broker.memory.MemoryBroker;
import io.fennel.core.result.memory.MemoryBackend;
import io.fennel.protocol.PythonJson;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Workflows sent from Java give the bytes Celery 5.2.6 sends (shared/celery-wire/amqp/tasks 14, 15
 * and 16): each captured body, with Celery's ids replaced by Fennel's, equals Fennel's body byte
 * for byte, and the group, group_index, root_id and parent_id headers match.
 */
class CapturedCanvasShapesTest {
  private final MemoryBroker broker = new MemoryBroker();
  private final Fennel app =
      Fennel.builder().broker(broker).backend(new MemoryBackend("memory://")).hostname("h").build();
  private final List<Delivery> sent = new CopyOnWriteArrayList<>();

  @AfterEach
  void close() {
    app.close();
    broker.close();
  }

  private static JsonNode capture(String name) throws IOException {
    String shared = System.getProperty("fennel.shared.dir");
    Path base = shared != null ? Paths.get(shared) : Paths.get("..", "..", "shared");
    Path file = base.resolve("celery-wire/amqp/tasks").resolve(name).normalize();
    return PythonJson.read(name, Files.readString(file));
  }

  private List<Delivery> drain(int n) {
    broker.consumeAutoAck("celery", sent::add);
    org.awaitility.Awaitility.await().until(() -> sent.size() >= n);
    return List.copyOf(sent);
  }

  private static String body(Delivery d) {
    return new String(d.body(), StandardCharsets.UTF_8);
  }

  private static String header(Delivery d, String name) {
    Object v = d.properties().headers().get(name);
    return v == null ? null : v.toString();
  }

  /** The captured body with each of Celery's ids (and its reply_to) swapped for ours. */
  private static String expected(JsonNode capture, List<String> theirs, List<String> ours) {
    String raw = capture.get("body_raw").asText();
    for (int i = 0; i < theirs.size(); i++) {
      raw = raw.replace(theirs.get(i), ours.get(i));
    }
    return raw;
  }

  @Test
  void aJavaChainIsItsFirstTaskWithTheRestInEmbedChainAsCelerySendsIt() throws IOException {
    var add = app.task("demo.add");
    var r = chain(add.s(1, 2), add.s(3)).applyAsync();
    Delivery d = drain(1).get(0);
    JsonNode c = capture("14_chain.json");
    String celeryFirst = c.at("/properties/headers/id").asText();
    String celeryLast = c.at("/body/2/chain/0/options/task_id").asText();
    String celeryReply = c.at("/properties/reply_to").asText();
    String first = header(d, "id");
    assertThat(body(d))
        .isEqualTo(
            expected(
                c,
                List.of(celeryFirst, celeryLast, celeryReply),
                List.of(first, r.id(), d.properties().replyTo())));
    assertThat(header(d, "root_id")).isEqualTo(first);
    assertThat(header(d, "parent_id")).isNull();
    assertThat(r.parent().orElseThrow().id()).isEqualTo(first);
  }

  @Test
  void aJavaGroupSendsEachMemberWithTheGroupHeaderAndNoIndex() throws IOException {
    var add = app.task("demo.add");
    var g = group(add.s(1, 1), add.s(2, 2)).applyAsync();
    List<Delivery> ds = drain(2);
    JsonNode c = capture("15_group_1.json");
    assertThat(body(ds.get(0))).isEqualTo(c.get("body_raw").asText());
    for (Delivery d : ds) {
      assertThat(header(d, "group")).isEqualTo(g.id());
      assertThat(header(d, "group_index")).isNull();
      assertThat(header(d, "root_id")).isEqualTo(header(d, "id"));
    }
  }

  @Test
  void aJavaChordSendsItsHeaderWithIndexAndTheBodyInEmbedChordAsCelerySendsIt() throws IOException {
    var add = app.task("demo.add");
    var r = chord(List.of(add.s(1, 1), add.s(2, 2)), app.task("demo.tsum").s()).applyAsync();
    List<Delivery> ds = drain(2);
    JsonNode c = capture("16_chord_1.json");
    String celeryBody = c.at("/body/2/chord/options/task_id").asText();
    String celeryReply = c.at("/properties/reply_to").asText();
    assertThat(body(ds.get(0)))
        .isEqualTo(
            expected(
                c,
                List.of(celeryBody, celeryReply),
                List.of(r.id(), ds.get(0).properties().replyTo())));
    assertThat(header(ds.get(0), "group_index")).isEqualTo("0");
    assertThat(header(ds.get(1), "group_index")).isEqualTo("1");
    assertThat(header(ds.get(0), "group")).isEqualTo(r.parent().orElseThrow().id());
    assertThat(header(ds.get(1), "group")).isEqualTo(header(ds.get(0), "group"));
  }

  @Test
  void aWorkerPublishesACapturedPythonChainsNextStepAsCeleryWorkersDo() throws IOException {
    JsonNode c = capture("14_chain.json");
    JsonNode h = c.at("/properties/headers");
    @SuppressWarnings("unchecked")
    java.util.Map<String, Object> headers = PythonJson.MAPPER.convertValue(h, java.util.Map.class);
    var message =
        io.fennel.protocol.task.TaskMessageCodec.decode(
            io.fennel.protocol.task.TaskProperties.forTask(
                h.get("id").asText(), c.at("/properties/reply_to").asText()),
            headers,
            c.get("body_raw").asText().getBytes(StandardCharsets.UTF_8));
    FollowUps followUps =
        new FollowUps(
            app.unsafe().producer(),
            null,
            java.time.Clock.systemUTC(),
            io.fennel.core.runtime.FailureHandler.logging());

    JsonNode children =
        followUps.onSuccess(message, com.fasterxml.jackson.databind.node.IntNode.valueOf(3));

    Delivery next = drain(1).get(0);
    JsonNode published = capture("worker_published/chain_step2_published_by_worker.json");
    assertThat(body(next)).isEqualTo(published.get("body_raw").asText());
    String stepId = c.at("/body/2/chain/0/options/task_id").asText();
    assertThat(header(next, "id")).isEqualTo(stepId);
    assertThat(header(next, "parent_id")).isEqualTo(h.get("id").asText());
    assertThat(header(next, "root_id")).isEqualTo(h.get("root_id").asText());
    assertThat(next.properties().replyTo()).isEqualTo(c.at("/properties/reply_to").asText());
    assertThat(children.toString()).isEqualTo("[[[\"" + stepId + "\",null],null]]");
  }
}
