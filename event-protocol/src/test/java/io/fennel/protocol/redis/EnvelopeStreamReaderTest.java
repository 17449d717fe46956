package io.fennel.protocol.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fennel.protocol.ProtocolException;
import io.fennel.protocol.task.HeaderValues;
import java.math.BigInteger;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * The token reader gives exactly what the tree reader gives for every envelope Celery 5.2.6 wrote,
 * and for the value shapes a header can take; whatever it does not accept it leaves to the tree
 * reader, which then reports the error.
 */
class EnvelopeStreamReaderTest {
  private static final String PROPS =
      "\"properties\": {\"delivery_mode\": 2, \"delivery_info\": {\"exchange\": \"\","
          + " \"routing_key\": \"celery\"}, \"priority\": 0, \"body_encoding\": \"base64\","
          + " \"delivery_tag\": \"t1\"}";

  /** The tree reader's view of an envelope, as the Redis consumer turns it into values. */
  private static void assertSameAsTree(String text) {
    EnvelopeStreamReader.Decoded fast = EnvelopeStreamReader.read(text);
    assertThat(fast).as("read by tokens: %s", text).isNotNull();
    RedisEnvelope tree = RedisEnvelope.decode(text);
    assertThat(fast.body()).isEqualTo(tree.bodyBytes());
    assertThat(fast.contentType()).isEqualTo(tree.contentType());
    assertThat(fast.contentEncoding()).isEqualTo(tree.contentEncoding());
    assertThat(fast.properties()).isEqualTo(tree.properties());
    if (tree.headers() == null) {
      assertThat(fast.headers()).isNull();
    } else {
      // equal values of equal classes, in the same order
      Map<String, Object> expected = HeaderValues.putAll(new LinkedHashMap<>(), tree.headers());
      assertThat(fast.headers()).containsExactlyEntriesOf(expected);
      expected.forEach((k, v) -> {
        if (v != null) {
          assertThat(fast.headers().get(k)).as(k).isInstanceOf(v.getClass());
        }
      });
    }
  }

  private static String envelope(String headers) {
    return "{\"body\": \"W1tdLCB7fSwge31d\", \"content-encoding\": \"utf-8\", \"content-type\":"
        + " \"application/json\", \"headers\": "
        + headers
        + ", "
        + PROPS
        + "}";
  }

  @TestFactory
  Stream<DynamicTest> everyCapturedEnvelopeReadsAsTheTreeReadsIt() {
    return CapturedRedisEnvelopesTest.envelopes().stream()
        .filter(r -> !r.unacked())
        .map(r -> DynamicTest.dynamicTest(r.name(), () -> assertSameAsTree(r.text())));
  }

  @Test
  void headerValuesOfEveryShapeComeOutAsTheTreeGivesThem() {
    assertSameAsTree(
        envelope(
            "{\"lang\": \"py\", \"retries\": 0, \"big\": 12345678901, \"huge\":"
                + " 123456789012345678901234567890, \"timelimit\": [30.5, null], \"ratio\": -0.0,"
                + " \"nan\": NaN, \"inf\": -Infinity, \"far\": 1e400, \"flag\": true, \"off\":"
                + " false, \"stamps\": {\"a\": [1, {\"b\": 2.25}]}, \"none\": null}"));
    EnvelopeStreamReader.Decoded d = EnvelopeStreamReader.read(envelope("{\"huge\": 1e400}"));
    assertThat(d.headers().get("huge")).isEqualTo(Double.POSITIVE_INFINITY);
    assertThat(EnvelopeStreamReader.read(envelope("{\"n\": 123456789012345678901}")).headers())
        .containsEntry("n", new BigInteger("123456789012345678901"));
  }

  @Test
  void nestedHeaderValuesAreUnmodifiableAsTheTreeMakesThem() {
    EnvelopeStreamReader.Decoded d =
        EnvelopeStreamReader.read(envelope("{\"timelimit\": [1, 2], \"m\": {\"k\": 1}}"));
    assertThat(d.headers().get("timelimit")).isEqualTo(List.of(1, 2));
    assertThatThrownBy(() -> ((List<?>) d.headers().get("timelimit")).clear())
        .isInstanceOf(UnsupportedOperationException.class);
    assertThatThrownBy(() -> ((Map<?, ?>) d.headers().get("m")).clear())
        .isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void nullOrMissingHeadersAndUnknownPropertiesReadAsTheTreeReadsThem() {
    assertSameAsTree(envelope("null"));
    assertSameAsTree("{\"body\": \"\", " + PROPS + "}");
    assertSameAsTree(
        "{\"body\": \"e30=\", \"extra\": [1, {\"x\": 2}], \"properties\": {\"delivery_info\":"
            + " {\"exchange\": \"celeryev\", \"routing_key\": \"task.multi\", \"redelivered\":"
            + " true}, \"x-custom\": {\"deep\": [1.5]}, \"delivery_tag\": null}}");
  }

  @Test
  void envelopesItDoesNotAcceptAreLeftToTheTreeReaderWhichNamesTheProblem() {
    String[] refused = {
      envelope("{\"id\": 1, \"id\": 2}"), // a duplicate key
      "{\"body\": 5, " + PROPS + "}",
      "{\"body\": \"not base64!\", " + PROPS + "}",
      "{\"body\": \"\", \"headers\": [1], " + PROPS + "}",
      "{\"body\": \"\", \"content-type\": 3, " + PROPS + "}",
      "{\"body\": \"\", \"properties\": {\"priority\": \"high\"}}",
      "{\"body\": \"\", \"properties\": {\"delivery_mode\": 2.0}}",
      "{\"body\": \"\", \"properties\": {\"delivery_info\": {\"exchange\": 7}}}",
      "{\"body\": \"\", \"properties\": {\"body_encoding\": \"gzip\"}}",
      "{\"body\": \"\"}",
      "{\"body\": \"\", " + PROPS,
      "[]",
    };
    for (String text : refused) {
      assertThat(EnvelopeStreamReader.read(text)).as(text).isNull();
      assertThatThrownBy(() -> RedisEnvelope.decode(text))
          .as(text)
          .isInstanceOf(ProtocolException.class);
    }
    assertThat(EnvelopeStreamReader.read(null)).isNull();
  }
}
