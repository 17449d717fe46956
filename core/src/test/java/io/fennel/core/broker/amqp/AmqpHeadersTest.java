package io.fennel.core.broker.amqp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.rabbitmq.client.impl.LongStringHelper;
import java.time.Instant;
import java.util.Arrays;
import java.util.Date;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Received headers read as plain Java values: amqp-client's long strings as String, dates as
 * Instant, nested tables and arrays converted all the way down, voids as null, and nothing of the
 * delivery's own map changed.
 */
class AmqpHeadersTest {

  /** Headers as amqp-client hands them over for a Celery task message. */
  private static Map<String, Object> received() {
    Map<String, Object> table = new HashMap<>();
    table.put("lang", LongStringHelper.asLongString("py"));
    table.put("task", LongStringHelper.asLongString("demo.add"));
    table.put("shadow", null);
    table.put("retries", 0);
    table.put("timelimit", Arrays.asList(null, 10));
    table.put("argsrepr", LongStringHelper.asLongString("('héllo',)"));
    table.put("sent", new Date(1_800_000_000_000L));
    Map<String, Object> nested = new HashMap<>();
    nested.put("origin", LongStringHelper.asLongString("gen1@host"));
    nested.put("list", List.of(LongStringHelper.asLongString("a")));
    table.put("extra", nested);
    return table;
  }

  private static Map<String, Object> expected() {
    Map<String, Object> plain = new LinkedHashMap<>();
    plain.put("lang", "py");
    plain.put("task", "demo.add");
    plain.put("shadow", null);
    plain.put("retries", 0);
    plain.put("timelimit", Arrays.asList(null, 10));
    plain.put("argsrepr", "('héllo',)");
    plain.put("sent", Instant.ofEpochMilli(1_800_000_000_000L));
    plain.put("extra", Map.of("origin", "gen1@host", "list", List.of("a")));
    return plain;
  }

  @Test
  void everyValueIsReadAsPlainJavaWhetherLookedUpOrIterated() {
    Map<String, Object> headers = AmqpHeaders.fromAmqp(received());

    assertThat(headers).isEqualTo(expected()).hasSize(8);
    assertThat(headers.get("task")).isInstanceOf(String.class).isEqualTo("demo.add");
    assertThat(headers.get("sent")).isEqualTo(Instant.ofEpochMilli(1_800_000_000_000L));
    assertThat(headers.containsKey("shadow")).isTrue();
    assertThat(headers.get("shadow")).isNull();
    assertThat(headers.containsKey("eta")).isFalse();
    assertThat(headers.get("eta")).isNull();
    headers.forEach((k, v) -> assertThat(v).as(k).isEqualTo(expected().get(k)));
    assertThat(headers.values()).noneMatch(v -> v instanceof com.rabbitmq.client.LongString);
  }

  @Test
  void theHeadersRefuseChangesAndLeaveTheDeliverysOwnMapAsItWas() {
    Map<String, Object> raw = received();
    Map<String, Object> copy = new HashMap<>(raw);
    Map<String, Object> headers = AmqpHeaders.fromAmqp(raw);

    assertThatThrownBy(() -> headers.put("task", "other"))
        .isInstanceOf(UnsupportedOperationException.class);
    assertThatThrownBy(() -> headers.remove("task"))
        .isInstanceOf(UnsupportedOperationException.class);
    assertThatThrownBy(() -> headers.entrySet().iterator().next().setValue("x"))
        .isInstanceOf(UnsupportedOperationException.class);
    assertThat(raw).isEqualTo(copy);
    assertThat(AmqpHeaders.fromAmqp(null)).isEmpty();
  }
}
