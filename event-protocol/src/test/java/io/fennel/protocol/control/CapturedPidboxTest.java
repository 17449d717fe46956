package io.fennel.protocol.control;

import static io.fennel.protocol.event.WireVectors.assertSameJson;
import static io.fennel.protocol.event.WireVectors.bodyRaw;
import static io.fennel.protocol.event.WireVectors.keys;
import static io.fennel.protocol.event.WireVectors.parse;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.fennel.protocol.WireNames;
import io.fennel.protocol.event.WireVectors;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Every captured pidbox request and reply decodes and encodes back to the same body and headers.
 */
class CapturedPidboxTest {

  @TestFactory
  Stream<DynamicNode> everyCapturedPidboxMessageRoundTripsWithItsHeaders() {
    return WireVectors.files("amqp/pidbox").stream()
        .map(file -> {
          List<JsonNode> messages = WireVectors.messages(file);
          assertThat(messages).as(file.toString()).isNotEmpty();
          List<DynamicTest> tests = new ArrayList<>();
          for (int i = 0; i < messages.size(); i++) {
            JsonNode m = messages.get(i);
            boolean request = m.get("exchange").textValue().equals(WireNames.CONTROL_EXCHANGE);
            tests.add(
                DynamicTest.dynamicTest(
                    "#" + i + (request ? " request" : " reply"),
                    () -> {
                      if (request) {
                        requestRoundTrips(m);
                      } else {
                        replyRoundTrips(m);
                      }
                    }));
          }
          return DynamicContainer.dynamicContainer(WireVectors.name(file), tests);
        });
  }

  private static void requestRoundTrips(JsonNode m) {
    ControlRequest request = ControlCodec.decodeRequest(bodyRaw(m));
    byte[] encoded = ControlCodec.encodeRequest(request);
    assertSameJson(parse(encoded), m.get("body"));
    assertThat(keys(parse(encoded))).isEqualTo(keys(parse(bodyRaw(m))));
    assertThat(new String(encoded, StandardCharsets.UTF_8))
        .isEqualTo(m.get("body_raw").textValue());
    assertThat(request.extra()).isEmpty();
    assertThat(request.wantsReply()).isEqualTo(m.get("body").has("reply_to"));
    if (request.wantsReply()) {
      assertThat(request.replyTo().exchange()).isEqualTo(WireNames.REPLY_EXCHANGE);
    }
    assertThat(request.isFor("wire@vm")).isTrue();

    JsonNode headers = m.get("properties").get("headers");
    Map<String, Object> ours =
        ControlCodec.requestHeaders(
            headers.get("clock").longValue(), headers.get("expires").doubleValue());
    assertThat(new ArrayList<>(ours.keySet())).isEqualTo(textList(m.get("header_order")));
    assertThat(ours.get("clock"))
        .isInstanceOf(Integer.class)
        .isEqualTo(headers.get("clock").intValue());
    assertThat(ours.get("expires"))
        .isInstanceOf(Double.class)
        .isEqualTo(headers.get("expires").doubleValue());
    assertThat(m.get("header_amqp_types").get("clock").textValue()).isEqualTo("I");
    assertThat(m.get("header_amqp_types").get("expires").textValue()).isEqualTo("d");
  }

  private static void replyRoundTrips(JsonNode m) {
    Map<String, JsonNode> replies = ControlCodec.decodeReply(bodyRaw(m));
    assertThat(replies).hasSize(1);
    Map.Entry<String, JsonNode> only = replies.entrySet().iterator().next();
    byte[] encoded = ControlCodec.encodeReply(only.getKey(), only.getValue());
    assertSameJson(parse(encoded), m.get("body"));
    assertThat(new String(encoded, StandardCharsets.UTF_8))
        .isEqualTo(m.get("body_raw").textValue());

    JsonNode headers = m.get("properties").get("headers");
    Map<String, Object> ours =
        ControlCodec.replyHeaders(
            headers.get("ticket").textValue(), headers.get("clock").longValue());
    assertThat(new ArrayList<>(ours.keySet()))
        .containsExactly("ticket", "clock")
        .isEqualTo(textList(m.get("header_order")));
    assertThat(ours.get("ticket")).isEqualTo(headers.get("ticket").textValue());
    assertThat(ours.get("clock"))
        .isInstanceOf(Integer.class)
        .isEqualTo(headers.get("clock").intValue());
  }

  private static List<String> textList(JsonNode array) {
    List<String> out = new ArrayList<>();
    array.forEach(n -> out.add(n.textValue()));
    return out;
  }
}
