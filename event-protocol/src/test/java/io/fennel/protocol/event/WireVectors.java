package io.fennel.protocol.event;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.fennel.protocol.PythonJson;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/** Test access to the captured Celery wire vectors in {@code shared/celery-wire}. */
public final class WireVectors {
  private WireVectors() {}

  /** The {@code celery-wire} folder: {@code fennel.shared.dir} or {@code ../../shared}. */
  public static Path root() {
    String shared = System.getProperty("fennel.shared.dir");
    Path base = shared != null ? Paths.get(shared) : Paths.get("..", "..", "shared");
    Path root = base.resolve("celery-wire").normalize();
    assertThat(root).as("shared celery-wire vectors").isDirectory();
    return root;
  }

  /** The {@code *.json} files directly in {@code folder} (relative to the root), sorted. */
  public static List<Path> files(String folder) {
    try (Stream<Path> s = Files.list(root().resolve(folder))) {
      return s.filter(p -> p.toString().endsWith(".json")).sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static JsonNode readJson(Path file) {
    try {
      return PythonJson.MAPPER.readTree(file.toFile());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Every captured message (an object with {@code body_raw}) anywhere in the file, in order. */
  public static List<JsonNode> messages(Path file) {
    List<JsonNode> found = new ArrayList<>();
    collect(readJson(file), found);
    return found;
  }

  private static void collect(JsonNode node, List<JsonNode> found) {
    if (node.isObject() && node.has("body_raw")) {
      found.add(node);
    } else if (node.isContainerNode()) {
      node.forEach(child -> collect(child, found));
    }
  }

  /** The exact body bytes of a captured message. */
  public static byte[] bodyRaw(JsonNode message) {
    return message.get("body_raw").textValue().getBytes(StandardCharsets.UTF_8);
  }

  /** Field names of a JSON object, in order. */
  public static List<String> keys(JsonNode object) {
    List<String> keys = new ArrayList<>();
    object.fieldNames().forEachRemaining(keys::add);
    return keys;
  }

  /** Parses bytes as JSON (for tests; keys keep their order). */
  public static JsonNode parse(byte[] bytes) {
    return PythonJson.read("test", bytes);
  }

  /** Equality of JSON values: object key order ignored, numbers by value (2 == 2.0). */
  public static boolean sameJson(JsonNode expected, JsonNode actual) {
    return expected.equals(NUMBERS_BY_VALUE, actual);
  }

  public static void assertSameJson(JsonNode actual, JsonNode expected) {
    assertThat(sameJson(expected, actual))
        .as("JSON value%n expected: %s%n   actual: %s", expected, actual)
        .isTrue();
  }

  private static final Comparator<JsonNode> NUMBERS_BY_VALUE =
      (a, b) -> {
        if (a.isNumber() && b.isNumber()) {
          return a.decimalValue().compareTo(b.decimalValue());
        }
        return a.equals(b) ? 0 : 1;
      };

  /**
   * Python escapes non-ASCII as {@code \\u00e9}, PythonJson as {@code \\u00E9}; this lower-cases
   * the hex digits of every escape so the rest can be compared byte for byte.
   */
  public static String lowerCaseEscapes(String json) {
    return java.util.regex.Pattern.compile("\\\\u([0-9A-Fa-f]{4})")
        .matcher(json)
        .replaceAll(m -> "\\\\u" + m.group(1).toLowerCase(java.util.Locale.ROOT));
  }

  /** A short case name for a file under the root. */
  public static String name(Path file) {
    return root().relativize(file).toString();
  }
}
