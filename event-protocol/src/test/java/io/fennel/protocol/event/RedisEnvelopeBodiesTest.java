package io.fennel.protocol.event;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.fennel.protocol.PythonJson;
import io.fennel.protocol.control.ControlCodec;
import io.fennel.protocol.control.ControlRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/** Event and pidbox bodies carried over Redis (base64 inside kombu's envelope) decode the same. */
class RedisEnvelopeBodiesTest {

  private static byte[] innerBody(Path file) {
    JsonNode command = WireVectors.readJson(file).get("cmd");
    JsonNode envelope = PythonJson.read("envelope", command.get(command.size() - 1).textValue());
    assertThat(envelope.get("properties").get("body_encoding").textValue()).isEqualTo("base64");
    return Base64.getDecoder().decode(envelope.get("body").textValue());
  }

  @TestFactory
  Stream<DynamicTest> everyEventPublishedOnRedisDecodesAndEncodesBack() {
    return WireVectors.files("redis-broker/commands").stream()
        .filter(p -> p.getFileName().toString().startsWith("PUBLISH___2.celeryev_"))
        .map(file ->
            DynamicTest.dynamicTest(
                file.getFileName().toString(),
                () -> {
                  byte[] body = innerBody(file);
                  List<Event> events = EventCodec.decode(body);
                  assertThat(events).isNotEmpty().noneMatch(UnknownEvent.class::isInstance);
                  String channel = WireVectors.readJson(file).get("cmd").get(1).textValue();
                  boolean batch = channel.endsWith("task.multi");
                  byte[] again =
                      batch ? EventCodec.encodeBatch(events) : EventCodec.encode(events.getFirst());
                  assertThat(new String(again, StandardCharsets.UTF_8))
                      .isEqualTo(new String(body, StandardCharsets.UTF_8));
                  if (!batch) {
                    assertThat(channel).endsWith("/" + EventCodec.routingKey(events.getFirst()));
                  }
                }));
  }

  @Test
  void thePidboxRequestPublishedOnRedisDecodesAndEncodesBack() {
    byte[] body =
        innerBody(
            WireVectors.root().resolve("redis-broker/commands/PUBLISH___2.celery.pidbox.json"));
    ControlRequest request = ControlCodec.decodeRequest(body);
    assertThat(request.method()).isEqualTo("hello");
    assertThat(request.wantsReply()).isTrue();
    assertThat(ControlCodec.encodeRequest(request)).isEqualTo(body);
  }

  @Test
  void thePidboxReplyPushedOnRedisDecodesAndEncodesBack() {
    byte[] body =
        innerBody(
            WireVectors.root()
                .resolve("redis-broker/commands/LPUSH__UUID.reply.celery.pidbox.json"));
    Map<String, JsonNode> replies = ControlCodec.decodeReply(body);
    assertThat(replies).containsOnlyKeys("wire@vm");
    assertThat(replies.get("wire@vm")).isEqualTo(ControlCodec.ok("pong"));
    assertThat(ControlCodec.encodeReply("wire@vm", replies.get("wire@vm"))).isEqualTo(body);
  }
}
