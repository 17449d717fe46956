package io.fennel.core.canvas;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fennel.protocol.PythonJson;
import org.junit.jupiter.api.Test;

/**
 * {@link Options#merge} puts the call's options over the signature's, as Celery merges them, except
 * {@code group_id} and {@code stamped_headers}, which a signature keeps once it has them.
 */
class OptionsTest {

  private static ObjectNode json(String s) {
    return (ObjectNode) PythonJson.read("options", s);
  }

  @Test
  void theCallsOptionsWinOverTheSignaturesAndTheRestAreKept() {
    ObjectNode signature = json("{\"queue\": \"slow\", \"priority\": 3, \"countdown\": 5}");
    ObjectNode call = json("{\"queue\": \"fast\", \"task_id\": \"t-1\"}");

    ObjectNode merged = Options.merge(signature, call);

    assertThat(merged)
        .isEqualTo(
            json("{\"queue\": \"fast\", \"priority\": 3, \"countdown\": 5, \"task_id\": \"t-1\"}"));
    assertThat(signature)
        .isEqualTo(json("{\"queue\": \"slow\", \"priority\": 3, \"countdown\": 5}"));
  }

  @Test
  void groupIdAndStampedHeadersStayTheSignaturesOnceSet() {
    ObjectNode signature = json("{\"group_id\": \"g-1\", \"stamped_headers\": [\"a\"]}");
    ObjectNode call =
        json("{\"group_id\": \"g-2\", \"stamped_headers\": [\"b\"], \"queue\": \"q\"}");

    ObjectNode merged = Options.merge(signature, call);

    assertThat(merged.get("group_id").asText()).isEqualTo("g-1");
    assertThat(merged.get("stamped_headers")).isEqualTo(json("{\"s\": [\"a\"]}").get("s"));
    assertThat(merged.get("queue").asText()).isEqualTo("q");
  }

  @Test
  void groupIdAndStampedHeadersAreTakenFromTheCallWhenTheSignatureHasNone() {
    ObjectNode merged =
        Options.merge(json("{}"), json("{\"group_id\": \"g-2\", \"stamped_headers\": []}"));
    assertThat(merged).isEqualTo(json("{\"group_id\": \"g-2\", \"stamped_headers\": []}"));
  }

  @Test
  void nullOptionsOnEitherSideMeanNone() {
    assertThat(Options.merge(null, json("{\"queue\": \"q\"}")))
        .isEqualTo(json("{\"queue\": \"q\"}"));
    assertThat(Options.merge(json("{\"queue\": \"q\"}"), null))
        .isEqualTo(json("{\"queue\": \"q\"}"));
    assertThat(Options.merge(null, null)).isEmpty();
  }
}
