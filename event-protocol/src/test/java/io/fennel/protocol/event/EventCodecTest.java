package io.fennel.protocol.event;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.fennel.protocol.repr.PythonFloat;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;

/** Events built in Fennel encode as Celery would send them, and unknown ones pass through whole. */
class EventCodecTest {

  private static final EventFields FIELDS = EventFields.of("fennel@host", 0, 42, 7, 1795503004.5);

  @Test
  void anEventBuiltFromFactoriesEncodesInCeleryKeyOrder() {
    TaskSucceeded e = new TaskSucceeded(FIELDS, "id-1", "5", 0.25);
    assertThat(new String(EventCodec.encode(e), StandardCharsets.UTF_8))
        .isEqualTo(
            "{\"hostname\": \"fennel@host\", \"utcoffset\": 0, \"pid\": 42, \"clock\": 7,"
                + " \"uuid\": \"id-1\", \"result\": \"5\", \"runtime\": 0.25,"
                + " \"timestamp\": 1795503004.5, \"type\": \"task-succeeded\"}");
    assertThat(EventCodec.routingKey(e)).isEqualTo("task.succeeded");
  }

  @Test
  void aWorkerHeartbeatWritesFreqAndLoadAveragesAsPythonFloats() {
    WorkerHeartbeat hb =
        new WorkerHeartbeat(FIELDS, 2.0, 1, 3, List.of(0.0, 0.5, 1.0), "fennel", "0.1.0", "Linux");
    String json = new String(EventCodec.encode(hb), StandardCharsets.UTF_8);
    assertThat(json)
        .contains("\"freq\": 2.0, \"active\": 1, \"processed\": 3, \"loadavg\": [0.0, 0.5, 1.0]")
        .endsWith("\"timestamp\": 1795503004.5, \"type\": \"worker-heartbeat\"}");
  }

  @Test
  void anUnknownEventIsKeptWholeAndWrittenBackInOrder() {
    String body =
        "{\"hostname\": \"w@h\", \"utcoffset\": 0, \"pid\": 1, \"clock\": 3, \"b\": [1, 2.5],"
            + " \"a\": {\"x\": null}, \"timestamp\": 12.0, \"type\": \"custom-thing\"}";
    Event e = EventCodec.decode(body.getBytes(StandardCharsets.UTF_8)).getFirst();
    assertThat(e).isInstanceOf(UnknownEvent.class);
    assertThat(e.type()).isEqualTo("custom-thing");
    assertThat(e.extra()).containsOnlyKeys("b", "a");
    assertThat(new String(EventCodec.encode(e), StandardCharsets.UTF_8)).isEqualTo(body);
    assertThat(EventCodec.routingKey(e)).isEqualTo("custom.thing");
  }

  @Test
  void extraFieldsOnAKnownTypeAreKeptBeforeTheTimestamp() {
    Map<String, JsonNode> extra = new LinkedHashMap<>();
    extra.put("zeta", TextNode.valueOf("z"));
    extra.put("alpha", IntNode.valueOf(1));
    TaskStarted e = new TaskStarted(FIELDS, "id-2", extra);
    JsonNode json = EventCodec.toJson(e);
    assertThat(WireVectors.keys(json))
        .containsExactly(
            "hostname", "utcoffset", "pid", "clock", "uuid", "zeta", "alpha", "timestamp", "type");
    assertThat(EventCodec.fromJson(json)).isEqualTo(e);
  }

  @Test
  void missingUtcoffsetAndPidStayMissing() {
    String body =
        "{\"hostname\": \"w@h\", \"clock\": 1, \"uuid\": \"u\", \"timestamp\": 1.5,"
            + " \"type\": \"task-started\"}";
    Event e = EventCodec.decode(body.getBytes(StandardCharsets.UTF_8)).getFirst();
    assertThat(e.pid()).isNull();
    assertThat(e.utcoffset()).isNull();
    assertThat(new String(EventCodec.encode(e), StandardCharsets.UTF_8)).isEqualTo(body);
  }

  @Test
  void aBatchEncodesAsAListOfObjects() {
    List<Event> batch = List.of(new TaskStarted(FIELDS, "a"), new TaskRejected(FIELDS, "b", false));
    byte[] bytes = EventCodec.encodeBatch(batch);
    assertThat(bytes)
        .asString()
        .startsWith("[{\"hostname\"")
        .endsWith("\"type\": \"task-rejected\"}]");
    assertThat(EventCodec.decode(bytes)).isEqualTo(batch);
  }

  @Test
  void floatsAreWrittenAsPythonReprWrites() {
    assertThat(PythonFloat.repr(2.0)).isEqualTo("2.0");
    assertThat(PythonFloat.repr(1795503004.4924262)).isEqualTo("1795503004.4924262");
    assertThat(PythonFloat.repr(0.0053394980000120995)).isEqualTo("0.0053394980000120995");
    assertThat(PythonFloat.repr(0.0001)).isEqualTo("0.0001");
    assertThat(PythonFloat.repr(1e-5)).isEqualTo("1e-05");
    assertThat(PythonFloat.repr(1.5e16)).isEqualTo("1.5e+16");
    assertThat(PythonFloat.repr(1e15)).isEqualTo("1000000000000000.0");
    assertThat(PythonFloat.repr(-0.5)).isEqualTo("-0.5");
    assertThat(PythonFloat.repr(0.0)).isEqualTo("0.0");
  }

  @Property
  void everyFiniteDoubleReadsBackFromItsRepr(@ForAll double d) {
    if (Double.isFinite(d)) {
      assertThat(Double.parseDouble(PythonFloat.repr(d))).isEqualTo(d);
      assertThat(FloatNode.of(d).doubleValue()).isEqualTo(d);
    }
  }

  @Property
  void everyEventWithArbitraryScalarsSurvivesAnEncodeDecodeRoundTrip(
      @ForAll long clock, @ForAll double timestamp, @ForAll String uuid, @ForAll Integer signum) {
    if (!Double.isFinite(timestamp)) {
      return;
    }
    TaskRevoked e =
        new TaskRevoked(new EventFields("w@h", 0, 1, clock, timestamp), uuid, true, signum, false);
    assertThat(EventCodec.decode(EventCodec.encode(e))).containsExactly(e);
  }
}
