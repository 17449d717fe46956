package io.fennel.protocol.event;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.fennel.protocol.ProtocolException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Every malformed event body is refused with a ProtocolException naming the field and value. */
class MalformedEventsTest {

  @ParameterizedTest(name = "[{index}] {0} -> {1}")
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '`',
      textBlock =
          """
          not json at all                                                         | body                | not json
          {"type": "task-started"                                                 | body                | {"type"
          ``                                                                      | body                | empty
          42                                                                      | body                | 42
          "task-started"                                                          | body                | task-started
          null                                                                    | body                | null
          [1]                                                                     | body[0]             | 1
          [{"type": "x", "hostname": "h", "clock": 1, "timestamp": 1}, "oops"]    | body[1]             | oops
          {"hostname": "h", "clock": 1, "timestamp": 1.0}                         | type                | missing
          {"type": 5, "hostname": "h", "clock": 1, "timestamp": 1.0}              | type                | 5
          {"type": "", "hostname": "h", "clock": 1, "timestamp": 1.0}             | type                | empty
          {"type": "x", "clock": 1, "timestamp": 1.0}                             | hostname            | missing
          {"type": "x", "hostname": 7, "clock": 1, "timestamp": 1.0}              | hostname            | 7
          {"type": "x", "hostname": "h", "clock": "x", "timestamp": 1.0}          | clock               | "x"
          {"type": "x", "hostname": "h", "clock": 1.5, "timestamp": 1.0}          | clock               | 1.5
          {"type": "x", "hostname": "h", "clock": 99999999999999999999, "timestamp": 1.0} | clock      | 99999999999999999999
          {"type": "x", "hostname": "h", "timestamp": 1.0}                        | clock               | missing
          {"type": "x", "hostname": "h", "clock": 1, "timestamp": "now"}          | timestamp           | now
          {"type": "x", "hostname": "h", "clock": 1}                              | timestamp           | missing
          {"type": "x", "hostname": "h", "clock": 1, "timestamp": true}           | timestamp           | true
          {"type": "x", "hostname": "h", "pid": "12", "clock": 1, "timestamp": 1} | pid                 | "12"
          {"type": "x", "hostname": "h", "utcoffset": 4294967296, "clock": 1, "timestamp": 1} | utcoffset | 4294967296
          {"type": "task-started", "hostname": "h", "clock": 1, "timestamp": 1}   | uuid                | missing
          {"type": "task-started", "hostname": "h", "clock": 1, "timestamp": 1, "uuid": 3} | uuid       | 3
          {"type": "task-succeeded", "hostname": "h", "clock": 1, "timestamp": 1, "uuid": "u", "result": 5} | result | 5
          {"type": "task-succeeded", "hostname": "h", "clock": 1, "timestamp": 1, "uuid": "u", "runtime": "0.1"} | runtime | 0.1
          {"type": "task-sent", "hostname": "h", "clock": 1, "timestamp": 1, "uuid": "u", "args": [2, 3]} | args | [2,3]
          {"type": "task-sent", "hostname": "h", "clock": 1, "timestamp": 1, "uuid": "u", "retries": "0"} | retries | "0"
          {"type": "task-revoked", "hostname": "h", "clock": 1, "timestamp": 1, "uuid": "u", "terminated": "yes"} | terminated | yes
          {"type": "task-revoked", "hostname": "h", "clock": 1, "timestamp": 1, "uuid": "u", "signum": "SIGTERM"} | signum | SIGTERM
          {"type": "task-rejected", "hostname": "h", "clock": 1, "timestamp": 1, "uuid": "u", "requeue": 0} | requeue | 0
          {"type": "worker-heartbeat", "hostname": "h", "clock": 1, "timestamp": 1, "freq": "2", "active": 0, "processed": 0} | freq | "2"
          {"type": "worker-heartbeat", "hostname": "h", "clock": 1, "timestamp": 1, "freq": 2.0, "processed": 0} | active | missing
          {"type": "worker-online", "hostname": "h", "clock": 1, "timestamp": 1, "freq": 2.0, "active": 0, "processed": 0, "loadavg": [0.1, "x"]} | loadavg | "x"
          {"type": "worker-offline", "hostname": "h", "clock": 1, "timestamp": 1, "freq": 2.0, "active": 0, "processed": 0, "loadavg": "0.1"} | loadavg | 0.1
          [{"type": "task-started", "hostname": "h", "clock": 1, "timestamp": 1, "uuid": "u"}, {"type": "task-started", "hostname": "h", "clock": "two", "timestamp": 1, "uuid": "v"}] | body[1].clock | two
          """)
  void malformedBodyIsRefusedNamingFieldAndValue(String body, String field, String valueHint) {
    ProtocolException e =
        catchThrowableOfType(
            ProtocolException.class,
            () -> EventCodec.decode(body.getBytes(StandardCharsets.UTF_8)));
    assertThat(e).as("decoding %s", body).isNotNull();
    assertThat(e.field()).isEqualTo(field);
    assertThat(e.getMessage()).startsWith(field + ": ").contains(valueHint);
  }

  @org.junit.jupiter.api.Test
  void aMissingBodyIsRefusedToo() {
    assertThat(catchThrowableOfType(ProtocolException.class, () -> EventCodec.decode(null)).field())
        .isEqualTo("body");
    assertThat(
            catchThrowableOfType(ProtocolException.class, () -> EventCodec.fromJson(null)).field())
        .isEqualTo("event");
  }
}
