package io.fennel.protocol.redis;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The byte encoder writes the same envelope, byte for byte, as the text encoder of the envelope
 * holding the base64 body, for bodies of every length mod 3 and headers that need escaping.
 */
class RedisEnvelopeBytesTest {
  @Test
  void theBytesAreTheTextOfTheSameEnvelopeForEveryBodyLengthAndEscapedHeaders() {
    ObjectNode headers = JsonNodeFactory.instance.objectNode();
    headers.put("task", "demo.\"quoted\" \u00e9t\u00e9 \\ tab\t");
    headers.put("retries", 3);
    EnvelopeProperties props =
        new EnvelopeProperties(
            "id-1",
            null,
            2,
            null,
            "celeryev",
            "task.multi",
            0,
            RedisEnvelope.BASE64,
            "tag-1",
            null);
    Random random = new Random(7);
    for (int length : new int[] {0, 1, 2, 3, 4, 5, 1_000, 65_537}) {
      byte[] raw = new byte[length];
      random.nextBytes(raw);

      byte[] bytes = RedisEnvelope.encode(raw, "utf-8", "application/json", headers, props);

      String text =
          new RedisEnvelope(
                  Base64.getEncoder().encodeToString(raw),
                  "utf-8",
                  "application/json",
                  headers,
                  props)
              .encode();
      assertThat(new String(bytes, StandardCharsets.US_ASCII)).isEqualTo(text);
      assertThat(RedisEnvelope.decode(new String(bytes, StandardCharsets.US_ASCII)).bodyBytes())
          .isEqualTo(raw);
    }
  }
}
