package io.fennel.core.serialization;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fennel.core.config.FennelConfig;
import io.fennel.core.error.ConfigException;
import io.fennel.protocol.ProtocolException;
import io.fennel.protocol.PythonJson;
import io.fennel.protocol.result.ResultRecord;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Results in result_serializer's format, read back by first byte within result_accept_content. */
class ResultFormatTest {
  static final ResultRecord RECORD =
      new ResultRecord(
          "SUCCESS",
          PythonJson.read("r", "{\"k\": [1, \"\\u00e9\"]}"),
          null,
          PythonJson.MAPPER.createArrayNode(),
          "2026-12-02T01:57:01.517000",
          null,
          null,
          "id-1",
          Map.of());

  static ResultFormat format(String serializer, String accept) {
    return ResultFormat.of(
        FennelConfig.builder()
            .set("result_serializer", serializer)
            .set("result_accept_content", accept)
            .build());
  }

  @Test
  void givenJsonWhenARecordIsEncodedThenItIsCeleryJsonByteForByte() {
    assertThat(new String(ResultFormat.JSON.encode(RECORD), StandardCharsets.UTF_8))
        .isEqualTo(RECORD.toJson());
  }

  @Test
  void givenEachFormatWhenARecordIsEncodedThenItDecodesBackBySniffing() {
    for (String s : new String[] {"json", "msgpack", "yaml"}) {
      ResultFormat f = format(s, "json,msgpack,yaml");
      assertThat(f.decode(f.encode(RECORD))).as(s).isEqualTo(RECORD);
    }
  }

  @Test
  void givenMsgpackWhenEncodedThenTheValueStartsWithAMsgpackMap() {
    byte[] raw = format("msgpack", "json").encode(RECORD);
    assertThat(raw[0] & 0xf0).isEqualTo(0x80);
  }

  @Test
  void givenAMsgpackValueWhenOnlyJsonIsAcceptedThenItIsRefusedNamingTheSetting() {
    byte[] raw = format("msgpack", "json").encode(RECORD);
    assertThatThrownBy(() -> ResultFormat.JSON.decode(raw))
        .isInstanceOf(ProtocolException.class)
        .hasMessageContaining("msgpack")
        .hasMessageContaining("accept_content");
  }

  @Test
  void givenWhatPythonCeleryStoresAsMsgpackWhenDecodedThenTheRecordIsRead() {
    // msgpack.packb({"status": "SUCCESS", "result": 5, "traceback": None, "children": [],
    //   "date_done": "2026-12-02T02:00:00", "task_id": "t"}, use_bin_type=True)
    byte[] raw =
        HexFormat.of()
            .parseHex(
                "86a6737461747573a753554343455353a6726573756c7405a974726163656261636bc0a86368696c6"
                    + "472656e90a9646174655f646f6e65b3323032362d31322d30325430323a30303a3030a77461"
                    + "736b5f6964a174");
    ResultRecord r = format("json", "json,msgpack").decode(raw);
    assertThat(r.status()).isEqualTo("SUCCESS");
    assertThat(r.result().asInt()).isEqualTo(5);
    assertThat(r.taskId()).isEqualTo("t");
  }

  @Test
  void givenAuthAsResultSerializerWhenConfiguredThenItIsRefused() {
    assertThatThrownBy(() -> format("auth", "json"))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("results are not signed");
  }
}
