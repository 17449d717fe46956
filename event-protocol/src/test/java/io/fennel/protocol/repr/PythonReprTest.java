package io.fennel.protocol.repr;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import io.fennel.protocol.PythonJson;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Expected values were produced by CPython 3's repr() and json.dumps() on the same values. */
class PythonReprTest {

  static Stream<Arguments> values() {
    return Stream.of(
        Arguments.of("\"text\"", "'text'"),
        Arguments.of("\"it's\"", "\"it's\""),
        Arguments.of("\"say \\\"hi\\\"\"", "'say \"hi\"'"),
        Arguments.of("\"both ' and \\\"\"", "'both \\' and \"'"),
        Arguments.of("\"tab\\tnew\\nline\\r\"", "'tab\\tnew\\nline\\r'"),
        Arguments.of("\"back\\\\slash\"", "'back\\\\slash'"),
        Arguments.of("\"\\u0000\\u0007\\u001f\\u007f\"", "'\\x00\\x07\\x1f\\x7f'"),
        Arguments.of("\"h\\u00e9llo w\\u00f6rld \\u2713\"", "'h\u00e9llo w\u00f6rld \u2713'"),
        Arguments.of("\"\\u00a0nbsp\"", "'\\xa0nbsp'"),
        Arguments.of("\"\\u200bzw\"", "'\\u200bzw'"),
        Arguments.of("\"\\u2028ls\"", "'\\u2028ls'"),
        Arguments.of("\"\\ud83d\\ude00\"", "'\ud83d\ude00'"),
        Arguments.of("\"\\u0085\"", "'\\x85'"),
        Arguments.of("\"\"", "''"),
        Arguments.of("null", "None"),
        Arguments.of("true", "True"),
        Arguments.of("false", "False"),
        Arguments.of("0", "0"),
        Arguments.of("-7", "-7"),
        Arguments.of("12345678901234567890", "12345678901234567890"),
        Arguments.of("1.0", "1.0"),
        Arguments.of("0.1", "0.1"),
        Arguments.of("1e+16", "1e+16"),
        Arguments.of("1000000000000000.0", "1000000000000000.0"),
        Arguments.of("1.5e-05", "1.5e-05"),
        Arguments.of("0.0001", "0.0001"),
        Arguments.of("123.456", "123.456"),
        Arguments.of("1e+300", "1e+300"),
        Arguments.of("2.5e-300", "2.5e-300"),
        Arguments.of("Infinity", "inf"),
        Arguments.of("-Infinity", "-inf"),
        Arguments.of("[1, 2]", "[1, 2]"),
        Arguments.of("[]", "[]"),
        Arguments.of("[[2, 4]]", "[[2, 4]]"),
        Arguments.of("{\"x\": 1, \"y\": 2}", "{'x': 1, 'y': 2}"),
        Arguments.of("{}", "{}"),
        Arguments.of("{\"a\": [null, true]}", "{'a': [None, True]}"),
        Arguments.of("{\"k'\": \"v\"}", "{\"k'\": 'v'}"));
  }

  @ParameterizedTest(name = "repr of {0} is {1}")
  @MethodSource("values")
  void everyJsonValueRendersAsPythonReprShowsIt(String json, String expected) {
    assertThat(PythonRepr.repr(PythonJson.read("value", json))).isEqualTo(expected);
  }

  static Stream<Arguments> tuples() {
    return Stream.of(
        Arguments.of("[]", "()"),
        Arguments.of("[5]", "(5,)"),
        Arguments.of("[2, 3]", "(2, 3)"),
        Arguments.of("[[2, 4]]", "([2, 4],)"),
        Arguments.of("[\"a\", null]", "('a', None)"));
  }

  @ParameterizedTest(name = "args {0} render as {1}")
  @MethodSource("tuples")
  void positionalArgumentsRenderAsAPythonTuple(String json, String expected) {
    assertThat(PythonRepr.argsRepr((ArrayNode) PythonJson.read("args", json))).isEqualTo(expected);
  }

  static Stream<Arguments> dumps() {
    return Stream.of(
        Arguments.of(
            "[\"h\\u00e9\", \"\\u007f\", 1e+16, 0.1, 1.0, 1795503104.1189175, 12345678901234567890, {\"a\": [null, true, \"\\u2713\"]}]",
            "[\"h\\u00e9\", \"\\u007f\", 1e+16, 0.1, 1.0, 1795503104.1189175, 12345678901234567890, {\"a\": [null, true, \"\\u2713\"]}]"),
        Arguments.of("\"\\ud83d\\ude00\"", "\"\\ud83d\\ude00\""),
        Arguments.of("\"\\u0000\\u001f\"", "\"\\u0000\\u001f\""),
        Arguments.of(
            "\"ab\\\"c\\\\d\\ne\\tf\\r\\b\\fg \\u00ff~\"",
            "\"ab\\\"c\\\\d\\ne\\tf\\r\\b\\fg \\u00ff~\""));
  }

  @ParameterizedTest(name = "json.dumps gives {1}")
  @MethodSource("dumps")
  void dumpsWritesWhatPythonJsonDumpsWrites(String json, String expected) {
    JsonNode node = PythonJson.read("value", json);
    assertThat(PythonDumps.dumps(node)).isEqualTo(expected);
  }
}
