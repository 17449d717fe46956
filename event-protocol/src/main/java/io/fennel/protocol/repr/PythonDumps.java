package io.fennel.protocol.repr;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;

/**
 * Writes a JSON tree byte for byte as Python's {@code json.dumps(value)} does with its defaults:
 * {@code ", "} and {@code ": "} separators, every character outside printable ASCII escaped as
 * lowercase {@code \\uxxxx}, floats as Python's {@code repr} prints them ({@code 1e+16}), {@code
 * NaN}/{@code Infinity} for non-finite floats.
 */
public final class PythonDumps {
  private PythonDumps() {}

  /** {@code json.dumps(value)} as text. */
  public static String dumps(JsonNode value) {
    StringBuilder out = new StringBuilder(256);
    write(out, value);
    return out.toString();
  }

  /** {@link #dumps} as UTF-8 bytes (pure ASCII, since non-ASCII is escaped). */
  public static byte[] dumpsBytes(JsonNode value) {
    return dumps(value).getBytes(StandardCharsets.UTF_8);
  }

  /** This writer's spelling of scalars; the walk is {@link PythonText}'s. */
  private static final PythonText TEXT =
      new PythonText() {
        @Override
        String none() {
          return "null";
        }

        @Override
        String bool(boolean b) {
          return b ? "true" : "false";
        }

        @Override
        void number(StringBuilder out, JsonNode n) {
          out.append(PythonFloat.format(n.doubleValue(), PythonFloat.Spelling.JSON));
        }

        @Override
        void string(StringBuilder out, String s) {
          PythonDumps.string(out, s);
        }
      };

  private static void write(StringBuilder out, JsonNode node) {
    TEXT.write(out, node);
  }

  private static final char[] HEX = "0123456789abcdef".toCharArray();

  /**
   * Appends {@code s} as {@code json.dumps} quotes a string: printable ASCII as is (in runs, one
   * append each), {@code "} and {@code \\} and the usual controls backslashed, everything else as
   * lowercase {@code \\uxxxx}.
   */
  public static void string(StringBuilder out, String s) {
    out.append('"');
    int run = 0;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c >= 0x20 && c <= 0x7e && c != '"' && c != '\\') {
        continue;
      }
      out.append(s, run, i);
      run = i + 1;
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        case '\t' -> out.append("\\t");
        case '\b' -> out.append("\\b");
        case '\f' -> out.append("\\f");
        default ->
            out.append("\\u")
                .append(HEX[(c >> 12) & 0xf])
                .append(HEX[(c >> 8) & 0xf])
                .append(HEX[(c >> 4) & 0xf])
                .append(HEX[c & 0xf]);
      }
    }
    out.append(s, run, s.length());
    out.append('"');
  }
}
