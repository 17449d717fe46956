package io.fennel.protocol.event;

import static io.fennel.protocol.event.WireVectors.assertSameJson;
import static io.fennel.protocol.event.WireVectors.bodyRaw;
import static io.fennel.protocol.event.WireVectors.keys;
import static io.fennel.protocol.event.WireVectors.parse;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/** Every event message Celery sent in the captures decodes, and encodes back to the same body. */
class CapturedEventsTest {

  static List<Path> eventFiles() {
    List<Path> files = new ArrayList<>(WireVectors.files("amqp/events"));
    files.addAll(WireVectors.files("amqp/events/timelines"));
    return files;
  }

  @TestFactory
  Stream<DynamicNode> everyCapturedEventDecodesAndEncodesBackToTheSameValue() {
    return eventFiles().stream()
        .map(file -> {
          List<JsonNode> messages = WireVectors.messages(file);
          assertThat(messages).as(file.toString()).isNotEmpty();
          List<DynamicTest> tests = new ArrayList<>();
          for (int i = 0; i < messages.size(); i++) {
            JsonNode m = messages.get(i);
            tests.add(
                DynamicTest.dynamicTest(
                    "#" + i + " " + m.get("routing_key").textValue(), () -> roundTrips(m)));
          }
          return DynamicContainer.dynamicContainer(WireVectors.name(file), tests);
        });
  }

  private static void roundTrips(JsonNode message) {
    byte[] raw = bodyRaw(message);
    JsonNode captured = message.get("body");
    List<Event> events = EventCodec.decode(raw);

    byte[] encoded =
        captured.isArray() ? EventCodec.encodeBatch(events) : EventCodec.encode(events.getFirst());
    JsonNode reparsed = parse(encoded);

    assertSameJson(reparsed, captured);
    JsonNode rawTree = parse(raw);
    if (captured.isArray()) {
      assertThat(events).hasSize(captured.size());
      assertThat(message.get("routing_key").textValue()).isEqualTo("task.multi");
      for (int i = 0; i < captured.size(); i++) {
        assertThat(keys(reparsed.get(i))).isEqualTo(keys(rawTree.get(i)));
        assertThat(events.get(i)).isInstanceOf(TaskEvent.class);
      }
    } else {
      assertThat(keys(reparsed)).isEqualTo(keys(rawTree));
      assertThat(EventCodec.routingKey(events.getFirst()))
          .isEqualTo(message.get("routing_key").textValue());
    }
    // Byte-exact, except that PythonJson writes \u00E9 where Python writes \u00e9.
    assertThat(WireVectors.lowerCaseEscapes(new String(encoded, StandardCharsets.UTF_8)))
        .as("byte-exact re-encoding")
        .isEqualTo(message.get("body_raw").textValue());
    for (Event e : events) {
      assertThat(e).isNotInstanceOf(UnknownEvent.class);
      assertThat(e.extra()).as("nothing left unmodelled").isEmpty();
      assertThat(e.type()).isEqualTo(EventCodec.toJson(e).get("type").textValue());
    }
  }
}
