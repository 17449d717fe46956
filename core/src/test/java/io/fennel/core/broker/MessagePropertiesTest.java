package io.fennel.core.broker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Message properties own their headers: a map given to them is copied, an adopted one (a decoder's
 * fresh map, taken without a copy) is as ordered, unmodifiable and comparable as a copy.
 */
class MessagePropertiesTest {
  private static LinkedHashMap<String, Object> celeryOrder() {
    LinkedHashMap<String, Object> h = new LinkedHashMap<>();
    h.put("lang", "py");
    h.put("task", "demo.add");
    h.put("id", "6f1c");
    h.put("retries", 0);
    return h;
  }

  @Test
  void aMapGivenToTheConstructorIsCopiedSoLaterChangesDoNotReachTheMessage() {
    LinkedHashMap<String, Object> given = celeryOrder();
    MessageProperties p = MessageProperties.json(given, MessageProperties.PERSISTENT);
    given.put("eta", "2030-01-01T00:00:00");
    given.remove("task");

    assertThat(p.headers()).containsOnlyKeys("lang", "task", "id", "retries");
  }

  @Test
  void adoptedHeadersKeepTheirOrderAndCannotBeChanged() {
    MessageProperties p =
        MessageProperties.json(MessageProperties.adopt(celeryOrder()), MessageProperties.TRANSIENT);

    assertThat(p.headers().keySet()).containsExactly("lang", "task", "id", "retries");
    assertThat(p.headers()).containsEntry("task", "demo.add").doesNotContainKey("eta");
    assertThatThrownBy(() -> p.headers().put("eta", "x"))
        .isInstanceOf(UnsupportedOperationException.class);
    assertThatThrownBy(() -> p.headers().entrySet().iterator().next().setValue("x"))
        .isInstanceOf(UnsupportedOperationException.class);
    assertThatThrownBy(() -> p.headers().keySet().remove("id"))
        .isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void adoptedAndCopiedHeadersAreEqualWhenTheirEntriesAre() {
    MessageProperties adopted =
        MessageProperties.json(MessageProperties.adopt(celeryOrder()), MessageProperties.TRANSIENT);
    MessageProperties copied =
        MessageProperties.json(Map.copyOf(celeryOrder()), MessageProperties.TRANSIENT);

    assertThat(adopted).isEqualTo(copied).hasSameHashCodeAs(copied);
    assertThat(adopted.headers().toString()).isEqualTo(celeryOrder().toString());
  }
}
