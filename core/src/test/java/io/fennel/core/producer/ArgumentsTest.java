package io.fennel.core.producer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.fennel.protocol.PythonJson;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** A call's arguments become the very nodes Jackson's {@code valueToTree} makes of them. */
class ArgumentsTest {
  record Point(int x, double y) {}

  private static List<Object> everyKind() {
    Map<String, Object> ordered = new LinkedHashMap<>();
    ordered.put("z", 1);
    ordered.put("a", List.of("x", 2L));
    ordered.put("none", null);
    Map<Integer, String> intKeys = new TreeMap<>(Map.of(2, "two", 1, "one"));
    List<Object> values =
        new ArrayList<>(
            Arrays.asList(
                null,
                "text",
                "",
                "ünïcødé ✓ \u0000",
                0,
                -7,
                Integer.MAX_VALUE,
                Integer.MIN_VALUE,
                5L,
                Long.MIN_VALUE,
                (long) Integer.MAX_VALUE + 1,
                true,
                false,
                1.5,
                -0.0,
                1e300,
                Double.NaN,
                Double.POSITIVE_INFINITY,
                2.5f,
                new BigDecimal("1.10"),
                new BigInteger("123456789012345678901234567890"),
                (short) 3,
                (byte) 4,
                'c',
                java.util.UUID.fromString("5215d46f-4660-48b6-96c0-47c68839918f"),
                new Point(1, 2.5),
                new int[] {1, 2},
                new Object[] {"a", 1.5},
                Set.of("only"),
                List.of(),
                List.of(List.of(1, "a", List.of(true)), Map.of()),
                ordered,
                intKeys,
                Map.of("k", Map.of("deeper", List.of(1.25, 3)))));
    return values;
  }

  @Test
  void positionalArgumentsOfEveryKindAreTheNodesValueToTreeMakes() {
    List<Object> values = everyKind();

    JsonNode ours = Arguments.args(values);
    JsonNode jacksons = PythonJson.MAPPER.valueToTree(values);

    assertThat(ours).isEqualTo(jacksons);
    for (int i = 0; i < values.size(); i++) {
      assertThat(ours.get(i).getClass())
          .as("argument %d (%s)", i, values.get(i))
          .isEqualTo(jacksons.get(i).getClass());
    }
    assertThat(PythonJson.write(ours)).isEqualTo(PythonJson.write(jacksons));
  }

  @Test
  void keywordArgumentsKeepTheirOrderAndKinds() {
    Map<String, Object> kwargs = new LinkedHashMap<>();
    List<Object> values = everyKind();
    for (int i = 0; i < values.size(); i++) {
      kwargs.put("k" + (values.size() - i), values.get(i));
    }

    JsonNode ours = Arguments.kwargs(kwargs);

    assertThat(ours).isEqualTo(PythonJson.MAPPER.valueToTree(kwargs));
    assertThat(PythonJson.write(ours))
        .isEqualTo(PythonJson.write(PythonJson.MAPPER.valueToTree(kwargs)));
  }

  @Test
  void noArgumentsAreAnEmptyListAndAnEmptyDict() {
    assertThat(PythonJson.write(Arguments.args(null))).isEqualTo("[]");
    assertThat(PythonJson.write(Arguments.args(List.of()))).isEqualTo("[]");
    assertThat(PythonJson.write(Arguments.kwargs(null))).isEqualTo("{}");
    assertThat(PythonJson.write(Arguments.kwargs(Map.of()))).isEqualTo("{}");
  }

  @Test
  void aValueJacksonCannotConvertIsRefusedWithJacksonsReason() {
    List<Object> args = List.of(1, List.of(Instant.parse("2026-12-04T04:30:00Z")));
    assertThatThrownBy(() -> PythonJson.MAPPER.valueToTree(args))
        .hasMessageContaining("java.time.Instant");
    assertThatThrownBy(() -> Arguments.args(args))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("java.time.Instant");
  }

  @Test
  void aMapWithANullKeyIsRefusedAsJacksonRefusesIt() {
    Map<String, Object> nullKey = new LinkedHashMap<>();
    nullKey.put(null, 1);
    assertThatThrownBy(() -> Arguments.args(List.of(List.of(nullKey))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("Null key");
  }
}
