package io.fennel.core.result.rpc;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.IntNode;
import io.fennel.core.broker.OutgoingMessage;
import io.fennel.core.config.FennelConfig;
import io.fennel.core.serialization.ResultFormat;
import io.fennel.protocol.result.ResultRecord;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** RPC replies in result_serializer's format carry its content type and read back by it. */
class RpcReplyFormatTest {
  static final ResultRecord RECORD =
      new ResultRecord(
          "SUCCESS", IntNode.valueOf(5), null, null, null, null, null, "t-1", Map.of());

  @Test
  void givenMsgpackResultsWhenAReplyIsSentThenItIsMsgpackAndReadsBack() {
    ResultFormat msgpack =
        ResultFormat.of(FennelConfig.builder().set("result_serializer", "msgpack").build());
    OutgoingMessage m = RpcReply.message(RECORD, "oid", msgpack);
    assertThat(m.properties().contentType()).isEqualTo("application/x-msgpack");
    assertThat(m.properties().contentEncoding()).isEqualTo("binary");
    String json = msgpack.toJsonText(m.properties().contentType(), m.body());
    ResultRecord back = RpcReply.parse(json.getBytes(StandardCharsets.UTF_8), "t-1");
    assertThat(back.status()).isEqualTo("SUCCESS");
    assertThat(back.result().asInt()).isEqualTo(5);
  }

  @Test
  void givenJsonResultsWhenAReplyIsSentThenItIsTheSameAsBefore() {
    OutgoingMessage m = RpcReply.message(RECORD, "oid", ResultFormat.JSON);
    assertThat(m.properties().contentType()).isEqualTo("application/json");
    assertThat(m.body()).isEqualTo(RpcReply.message(RECORD, "oid").body());
  }
}
