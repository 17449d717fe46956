package io.fennel.protocol.serial;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.fennel.protocol.ProtocolException;
import io.fennel.protocol.PythonJson;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/**
 * What every serializer promises, run over each of them: a task body survives a round trip with its
 * types, a body Python's kombu wrote decodes to the same tree, and bytes of another format are
 * refused naming the field.
 */
abstract class SerializerContract {
  /** The serializer under test. */
  abstract Serializer serializer();

  /**
   * The body {@link #BODY} as Python's kombu 5.2.4 serializes it in this format (hex), or null when
   * the format has no fixed bytes (signatures are randomized).
   */
  abstract String pythonHex();

  /** Bytes that are not this format. */
  abstract byte[] garbage();

  /** A task body with the types Celery's bodies carry. */
  static final JsonNode BODY =
      PythonJson.read(
          "test",
          "[[2, 3.5, \"\\u00e9\"], {\"flag\": true, \"none\": null}, {\"callbacks\": null,"
              + " \"errbacks\": null, \"chain\": null, \"chord\": null}]");

  @Test
  void givenATaskBodyWhenEncodedAndDecodedThenTheTreeIsTheSame() {
    JsonNode back = serializer().decode("body", serializer().encode(BODY));
    assertSameTree(back, BODY);
  }

  @Test
  void givenWhatPythonWroteWhenDecodedThenTheTreeIsTheBody() {
    String hex = pythonHex();
    if (hex == null) {
      return;
    }
    assertSameTree(serializer().decode("body", HexFormat.of().parseHex(hex)), BODY);
  }

  @Test
  void givenBytesOfAnotherFormatWhenDecodedThenTheFieldIsNamed() {
    assertThatThrownBy(() -> serializer().decode("body", garbage()))
        .isInstanceOf(ProtocolException.class)
        .hasMessageStartingWith("body: ");
  }

  @Test
  void givenAnEmptyBodyWhenDecodedThenItIsRefused() {
    assertThatThrownBy(() -> serializer().decode("body", new byte[0]))
        .isInstanceOf(ProtocolException.class)
        .hasMessageStartingWith("body: ");
  }

  @Test
  void theContentTypeIsCeleryOwn() {
    Content c = serializer().content();
    assertThat(Content.ofContentType(c.contentType())).contains(c);
    assertThat(Content.parse("accept_content", c.celeryName())).isEqualTo(c);
  }

  /**
   * Same tree, key order aside, numbers compared by value (3.5 may come back as a double or a
   * decimal).
   */
  static void assertSameTree(JsonNode actual, JsonNode expected) {
    JsonNode a = normalize(actual);
    JsonNode e = normalize(expected);
    assertThat(a.equals(e)).as("%s equals %s", a, e).isTrue();
  }

  private static JsonNode normalize(JsonNode n) {
    return PythonJson.read("n", PythonJson.MAPPER.valueToTree(n).toString().replace(".50", ".5"));
  }
}
