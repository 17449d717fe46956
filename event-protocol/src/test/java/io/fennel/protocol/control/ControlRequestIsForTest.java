package io.fennel.protocol.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.fennel.protocol.ProtocolException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** A node executes a request only when destination and pattern (glob or pcre) both admit it. */
class ControlRequestIsForTest {

  private static final ControlRequest PING =
      ControlRequest.call(
          "ping", JsonNodeFactory.instance.objectNode(), "t-1", ReplyTo.oid("oid-1"));

  @Test
  void noDestinationAndNoPatternMeansEveryone() {
    assertThat(PING.isFor("wire@vm")).isTrue();
    assertThat(PING.isFor("other@host")).isTrue();
  }

  @Test
  void aDestinationListAdmitsOnlyTheNamedNodes() {
    ControlRequest r = PING.withDestination(List.of("a@x", "wire@vm"));
    assertThat(r.isFor("wire@vm")).isTrue();
    assertThat(r.isFor("b@x")).isFalse();
  }

  @Test
  void anEmptyDestinationListMeansEveryoneAsInKombu() {
    assertThat(PING.withDestination(List.of()).isFor("anyone@x")).isTrue();
  }

  @ParameterizedTest(name = "{0} ({1}) vs {2} -> {3}")
  @CsvSource(
      nullValues = "NULL",
      value = {
        "wire@*, NULL, wire@vm, true",
        "wire@*, glob, wire@vm, true",
        "wire@*, glob, fire@vm, false",
        "*@vm, glob, wire@vm, true",
        "w?re@vm, glob, wire@vm, true",
        "w[ia]re@vm, glob, ware@vm, true",
        "w[!i]re@vm, glob, wire@vm, false",
        "wire, glob, wire@vm, false",
        "wire.x, glob, wireAx, false",
        "wire, pcre, wire@vm, true",
        "w.re@.*, pcre, wire@vm, true",
        "vm$, pcre, wire@vm, false",
        ".*vm$, pcre, wire@vm, true",
        "^fire, pcre, wire@vm, false"
      })
  void aPatternAdmitsMatchingNodes(String pattern, String matcher, String node, boolean admitted) {
    assertThat(PING.withPattern(pattern, matcher).isFor(node)).isEqualTo(admitted);
  }

  @Test
  void destinationAndPatternMustBothAdmit() {
    ControlRequest r = PING.withDestination(List.of("wire@vm", "a@x")).withPattern("a@*", "glob");
    assertThat(r.isFor("a@x")).isTrue();
    assertThat(r.isFor("wire@vm")).isFalse();
  }

  @Test
  void anUnknownMatcherIsAProtocolError() {
    assertThatThrownBy(() -> PING.withPattern("x", "regex").isFor("x"))
        .isInstanceOf(ProtocolException.class)
        .hasMessageContaining("matcher")
        .hasMessageContaining("regex");
  }

  @Test
  void aRequestBuiltInFennelEncodesLikeCelerys() {
    String body = new String(ControlCodec.encodeRequest(PING), StandardCharsets.UTF_8);
    assertThat(body)
        .isEqualTo(
            "{\"method\": \"ping\", \"arguments\": {}, \"destination\": null, \"pattern\": null,"
                + " \"matcher\": null, \"ticket\": \"t-1\", \"reply_to\": {\"exchange\":"
                + " \"reply.celery.pidbox\", \"routing_key\": \"oid-1\"}}");
    ControlRequest cast = ControlRequest.cast("shutdown", JsonNodeFactory.instance.objectNode());
    assertThat(new String(ControlCodec.encodeRequest(cast), StandardCharsets.UTF_8))
        .isEqualTo(
            "{\"method\": \"shutdown\", \"arguments\": {}, \"destination\": null,"
                + " \"pattern\": null, \"matcher\": null}");
    assertThat(ControlCodec.decodeRequest(ControlCodec.encodeRequest(PING))).isEqualTo(PING);
  }

  @Test
  void headersUseLongOnlyWhenTheClockOutgrowsInt32() {
    assertThat(ControlCodec.requestHeaders(5, 1.5))
        .containsExactly(java.util.Map.entry("clock", 5), java.util.Map.entry("expires", 1.5));
    assertThat(ControlCodec.replyHeaders("t", 1L << 40).get("clock")).isEqualTo(1L << 40);
    assertThat(ControlCodec.error("nope").toString()).isEqualTo("{\"error\":\"nope\"}");
  }
}
