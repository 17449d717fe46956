package io.fennel.protocol.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.fennel.protocol.ProtocolException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Every malformed control request or reply is refused naming the field and value. */
class MalformedControlTest {

  @ParameterizedTest(name = "[{index}] {0} {1} -> {2}")
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '`',
      textBlock =
          """
          request | {oops                                                      | body          | {oops
          request | []                                                         | body          | []
          request | "ping"                                                     | body          | ping
          request | {"arguments": {}}                                          | method        | missing
          request | {"method": 5}                                              | method        | 5
          request | {"method": ""}                                             | method        | ""
          request | {"method": "ping", "arguments": [1]}                       | arguments     | [1]
          request | {"method": "ping", "arguments": "x=1"}                     | arguments     | x=1
          request | {"method": "ping", "destination": "wire@vm"}               | destination   | wire@vm
          request | {"method": "ping", "destination": [1]}                     | destination   | 1
          request | {"method": "ping", "pattern": 3}                           | pattern       | 3
          request | {"method": "ping", "pattern": "w*", "matcher": "regex"}    | matcher       | regex
          request | {"method": "ping", "matcher": "fuzzy"}                     | matcher       | fuzzy
          request | {"method": "ping", "pattern": "(", "matcher": "pcre"}      | pattern       | (
          request | {"method": "ping", "ticket": 12}                           | ticket        | 12
          request | {"method": "ping", "reply_to": "oid"}                      | reply_to      | oid
          request | {"method": "ping", "reply_to": {"routing_key": "o"}}       | reply_to.exchange | missing
          request | {"method": "ping", "reply_to": {"exchange": "e", "routing_key": 1}} | reply_to.routing_key | 1
          reply   | not json                                                   | body          | not json
          reply   | ["wire@vm"]                                                | body          | wire@vm
          reply   | "pong"                                                     | body          | pong
          """)
  void malformedControlBodyIsRefusedNamingFieldAndValue(
      String kind, String body, String field, String valueHint) {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    ProtocolException e =
        catchThrowableOfType(
            ProtocolException.class,
            () -> {
              if (kind.equals("request")) {
                ControlCodec.decodeRequest(bytes);
              } else {
                ControlCodec.decodeReply(bytes);
              }
            });
    assertThat(e).as("decoding %s", body).isNotNull();
    assertThat(e.field()).isEqualTo(field);
    assertThat(e.getMessage()).startsWith(field + ": ").contains(valueHint);
  }
}
