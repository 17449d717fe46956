package io.fennel.protocol.control;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.fennel.protocol.event.WireVectors;
import org.junit.jupiter.api.Test;

/** The captured replies have the payload shapes the inspect and control commands must produce. */
class CapturedReplyShapesTest {

  private static JsonNode reply(String file) {
    JsonNode m =
        WireVectors.readJson(WireVectors.root().resolve("amqp/pidbox/" + file))
            .get("replies")
            .get(0);
    return ControlCodec.decodeReply(WireVectors.bodyRaw(m)).get("wire@vm");
  }

  private static ControlRequest request(String file) {
    JsonNode m =
        WireVectors.readJson(WireVectors.root().resolve("amqp/pidbox/" + file)).get("request");
    return ControlCodec.decodeRequest(WireVectors.bodyRaw(m));
  }

  @Test
  void pingAnswersOkPong() {
    assertThat(reply("ping.json")).isEqualTo(ControlCodec.ok("pong"));
  }

  @Test
  void controlCommandsAnswerWithOkStrings() {
    assertThat(reply("control_pool_grow.json")).isEqualTo(ControlCodec.ok("pool will grow"));
    assertThat(reply("control_pool_shrink.json")).isEqualTo(ControlCodec.ok("pool will shrink"));
    assertThat(reply("control_rate_limit.json"))
        .isEqualTo(ControlCodec.ok("new rate limit set successfully"));
    assertThat(reply("control_add_consumer.json"))
        .isEqualTo(ControlCodec.ok("add consumer wire.extra"));
    assertThat(reply("control_cancel_consumer.json"))
        .isEqualTo(ControlCodec.ok("no longer consuming from wire.extra"));
    assertThat(reply("control_revoke.json").get("ok").textValue())
        .matches("tasks [0-9a-f-]{36} flagged as revoked");
    assertThat(reply("control_revoke_terminate.json").get("ok").textValue())
        .matches("terminate: [0-9a-f-]{36}");
  }

  @Test
  void inspectRepliesHaveListAndMapShapes() {
    assertThat(reply("inspect_active.json").get(0).get("acknowledged").booleanValue()).isTrue();
    assertThat(reply("inspect_reserved.json").get(0).get("time_start").isNull()).isTrue();
    assertThat(reply("inspect_scheduled.json").get(0).fieldNames())
        .toIterable()
        .containsExactly("eta", "priority", "request");
    assertThat(reply("inspect_revoked.json").isArray()).isTrue();
    assertThat(reply("inspect_registered.json").get(0).textValue()).isEqualTo("demo.add");
    assertThat(reply("inspect_stats.json").get("clock").isTextual()).isTrue();
    JsonNode query = reply("inspect_query_task.json");
    query.forEach(v -> assertThat(v.get(0).textValue()).isIn("active", "reserved", "scheduled"));
    assertThat(reply("inspect_active_queues.json").get(0).get("name").textValue())
        .isEqualTo("celery");
  }

  @Test
  void castsWantNoReplyAndCallsDo() {
    assertThat(request("control_shutdown.json").wantsReply()).isFalse();
    assertThat(request("control_revoke_noreply.json").wantsReply()).isFalse();
    assertThat(request("control_revoke_noreply.json").ticket()).isNull();
    ControlRequest active = request("inspect_active.json");
    assertThat(active.wantsReply()).isTrue();
    assertThat(active.arguments().get("safe").isNull()).isTrue();
    assertThat(request("inspect_registered.json").arguments().get("taskinfoitems").isArray())
        .isTrue();
  }
}
