package io.fennel.protocol.event;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import io.fennel.protocol.ProtocolException;
import io.fennel.protocol.PythonJson;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The token reader gives exactly the strict tree reader's events for every body it accepts, accepts
 * the bodies Celery and Fennel send, and leaves everything unusual to the strict reader.
 */
class EventStreamReaderTest {

  /** What the strict reader alone makes of {@code body}. */
  private static List<Event> strict(byte[] body) {
    JsonNode json = PythonJson.read("body", body);
    if (json.isObject()) {
      return List.of(EventReader.read(json, ""));
    }
    List<Event> out = new ArrayList<>();
    for (int i = 0; i < json.size(); i++) {
      out.add(EventReader.read(json.get(i), "body[" + i + "]."));
    }
    return out;
  }

  private static void assertSameAsStrict(String body) {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    List<Event> fast = EventStreamReader.read(bytes);
    assertThat(fast).as("read from tokens: %s", body).isNotNull();
    assertThat(fast).as(body).isEqualTo(strict(bytes));
  }

  @Test
  void everyCapturedCeleryEventIsReadFromTokensAsTheStrictReaderReadsIt() {
    List<Path> files = new ArrayList<>(WireVectors.files("amqp/events"));
    files.addAll(WireVectors.files("amqp/events/timelines"));
    int bodies = 0;
    for (Path file : files) {
      for (JsonNode message : WireVectors.messages(file)) {
        assertSameAsStrict(message.get("body_raw").textValue());
        bodies++;
      }
    }
    assertThat(bodies).isGreaterThan(10);
  }

  @Test
  void fennelsOwnEventsAndUnmodelledFieldsAreReadFromTokensAlike() {
    EventFields f = new EventFields("celery@w1", null, 7, 12, 1_700_000_000.125);
    List<Event> events =
        List.of(
            new TaskSent(
                f,
                "u",
                "u",
                "p",
                "a.b",
                "(1,)",
                "{}",
                2,
                "2026-01-01T00:00:00",
                null,
                "q",
                "",
                "q",
                Map.of("x", PythonJson.read("x", "2.50"))),
            new TaskReceived(
                f,
                "u",
                "a.b",
                "()",
                "{}",
                null,
                null,
                null,
                null,
                null,
                Map.of("group", PythonJson.read("g", "\"g1\""))),
            new TaskStarted(f, "u"),
            new TaskSucceeded(f, "u", "'ok'", 0.25),
            new TaskFailed(f, "u", "KeyError('k')", "Traceback ..."),
            new TaskRetried(f, "u", "Retry()", null),
            new TaskRejected(f, "u", true, Map.of()),
            new TaskRevoked(f, "u", false, 15, null, Map.of()),
            new WorkerOnline(
                f,
                2.0,
                0,
                0,
                List.of(0.5, 1.0, 1.5),
                "py-celery",
                "5.2.6",
                "Linux",
                Map.of("fennel", PythonJson.read("w", "true"))),
            new WorkerHeartbeat(f, 2.0, 3, 10_000_000_000L, null, null, null, null, Map.of()),
            new WorkerOffline(f, 2.0, 0, 5, List.of(), null, null, null, Map.of()),
            new UnknownEvent("custom-thing", f, Map.of("k", PythonJson.read("k", "1E+3"))));
    assertSameAsStrict(new String(EventCodec.encodeBatch(events), StandardCharsets.UTF_8));
    for (Event e : events) {
      assertSameAsStrict(new String(EventCodec.encode(e), StandardCharsets.UTF_8));
    }
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "{\"type\": \"x\", \"hostname\": \"h\", \"clock\": 1, \"timestamp\": 17}",
        "{\"type\": \"x\", \"hostname\": \"h\", \"clock\": 1, \"timestamp\": 1e3, \"z\": null}",
        "{\"type\": \"x\", \"hostname\": \"h\", \"clock\": 9999999999, \"timestamp\": NaN}",
        "{\"type\": \"x\", \"hostname\": \"h\", \"pid\": null, \"clock\": 1, \"timestamp\": 1.0}",
        "{\"b\": \"c\", \"type\": \"x\", \"a\": 1.10, \"hostname\": \"h\", \"clock\": 1,"
            + " \"timestamp\": -Infinity}",
        "[]",
        " [ {\"type\": \"task-started\", \"hostname\": \"h\", \"clock\": 1, \"timestamp\": 2,"
            + " \"uuid\": \"\\u00e9\"} ] ",
        "{\"type\": \"worker-heartbeat\", \"hostname\": \"h\", \"clock\": 1, \"timestamp\": 1,"
            + " \"freq\": 2, \"active\": 0, \"processed\": 3, \"loadavg\": [1, 2.5, 3]}"
      })
  void edgeCasesTheTokenReaderTakesComeOutAsTheStrictReaderReadsThem(String body) {
    assertSameAsStrict(body);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "{\"type\": \"x\", \"type\": \"y\", \"hostname\": \"h\", \"clock\": 1, \"timestamp\": 1}",
        "{\"type\": \"x\", \"hostname\": \"h\", \"clock\": 1, \"timestamp\": 1, \"a\": {\"b\": 1,"
            + " \"b\": 2}}",
        "{\"type\": \"task-sent\", \"hostname\": \"h\", \"clock\": 1, \"timestamp\": 1, \"uuid\":"
            + " \"u\", \"result\": \"5\"}",
        "{\"type\": \"x\", \"hostname\": \"h\", \"clock\": 1, \"timestamp\": 1} trailing",
        "{\"type\": \"x\", \"hostname\": \"h\", \"clock\": 1, \"timestamp\": 1, \"a\": 1, \"a\": 1}",
        "{\"type\": \"x\", \"hostname\": \"h\", \"clock\": 1, \"timestamp\": 1, \"a\": [1]}",
        "{\"type\": \"x\", \"hostname\": \"h\", \"clock\": 1, \"timestamp\": 1, \"uuid\": \"u\"}",
        "{\"type\": \"x\", \"hostname\": \"h\", \"clock\": 1.0, \"timestamp\": 1}",
        "[{\"type\": \"x\", \"hostname\": \"h\", \"clock\": 1, \"timestamp\": 1}, 3]",
        "{\"type\": \"task-started\", \"hostname\": \"h\", \"clock\": 1, \"timestamp\": 1}",
        "{\"type\": \"\", \"hostname\": \"h\", \"clock\": 1, \"timestamp\": 1}"
      })
  void anythingUnusualIsLeftToTheStrictReader(String body) {
    assertThat(EventStreamReader.read(body.getBytes(StandardCharsets.UTF_8))).isNull();
  }

  @Test
  void unmodelledObjectsAndListsAreReadByTheStrictReaderWithTheirDuplicateKeysRefused() {
    String body =
        "{\"type\": \"worker-online\", \"hostname\": \"h\", \"clock\": 1, \"timestamp\": 1,"
            + " \"freq\": 2.0, \"active\": 0, \"processed\": 0, \"fennel\": {\"pool\": \"threads\","
            + " \"n\": [1, 2.50, null]}}";
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    assertThat(EventCodec.decode(bytes)).isEqualTo(strict(bytes));
    assertThat(EventCodec.decode(bytes).getFirst().extra().get("fennel").get("n").get(1).asText())
        .isEqualTo("2.50");
    assertThat(
            catchThrowableOfType(
                ProtocolException.class,
                () ->
                    EventCodec.decode(
                        body.replace("\"n\"", "\"pool\"").getBytes(StandardCharsets.UTF_8))))
        .hasMessageContaining("pool");
  }

  @Test
  void aModelledFieldAnotherTypeReadsStaysAnExtraInItsPlaceThroughTheStrictReader() {
    List<Event> events =
        EventCodec.decode(
            ("{\"a\": 1, \"type\": \"task-sent\", \"result\": \"5\", \"hostname\": \"h\","
                    + " \"clock\": 1, \"timestamp\": 1, \"uuid\": \"u\", \"z\": 2}")
                .getBytes(StandardCharsets.UTF_8));
    assertThat(events.getFirst().extra().keySet()).containsExactly("a", "result", "z");
  }

  @Test
  void timestampsAndRuntimesComeOutAsTheSameDoublesAsTheTreeReadersDecimals() {
    SplittableRandom random = new SplittableRandom(14);
    for (int i = 0; i < 5_000; i++) {
      double ts = 1.7e9 + random.nextDouble() * 1e8;
      double runtime = random.nextDouble() * Math.pow(10, random.nextInt(-9, 4));
      assertSameAsStrict(
          "{\"type\": \"task-succeeded\", \"hostname\": \"h\", \"clock\": 1, \"timestamp\": "
              + ts
              + ", \"uuid\": \"u\", \"runtime\": "
              + runtime
              + "}");
    }
  }
}
