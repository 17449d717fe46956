package io.fennel.protocol.repr;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Renders JSON values the way Python 3's {@code repr()} shows the decoded value, as Celery puts it
 * in the {@code argsrepr}/{@code kwargsrepr} headers and in event fields.
 *
 * <p>Celery's {@code saferepr} truncates very long reprs (over 1024 characters); this class does
 * not.
 */
public final class PythonRepr {
  private PythonRepr() {}

  /** {@code repr(value)}: {@code 'text'}, {@code None}, {@code True}, {@code 1.0}, lists, dicts. */
  public static String repr(JsonNode value) {
    StringBuilder out = new StringBuilder();
    write(out, value);
    return out.toString();
  }

  /** The repr of the positional arguments as a Python tuple: {@code (2, 3)}, {@code (5,)}. */
  public static String argsRepr(ArrayNode args) {
    if (args == null || args.isEmpty()) {
      return "()";
    }
    StringBuilder out = new StringBuilder("(");
    for (int i = 0; i < args.size(); i++) {
      if (i > 0) {
        out.append(", ");
      }
      write(out, args.get(i));
    }
    return out.append(args.size() == 1 ? ",)" : ")").toString();
  }

  /** The repr of the keyword arguments as a Python dict: {@code {'x': 1}}, {@code {}}. */
  public static String kwargsRepr(ObjectNode kwargs) {
    return kwargs == null ? "{}" : repr(kwargs);
  }

  /** {@code repr(text)} for a Python str, with Python's choice of quotes and escapes. */
  public static String repr(String text) {
    StringBuilder out = new StringBuilder();
    string(out, text);
    return out.toString();
  }

  /** This writer's spelling of scalars; the walk is {@link PythonText}'s. */
  private static final PythonText TEXT =
      new PythonText() {
        @Override
        String none() {
          return "None";
        }

        @Override
        String bool(boolean b) {
          return b ? "True" : "False";
        }

        @Override
        void number(StringBuilder out, JsonNode n) {
          out.append(PythonFloat.repr(n.doubleValue()));
        }

        @Override
        void string(StringBuilder out, String s) {
          PythonRepr.string(out, s);
        }
      };

  private static void write(StringBuilder out, JsonNode node) {
    TEXT.write(out, node);
  }

  private static void string(StringBuilder out, String s) {
    char quote = s.indexOf('\'') >= 0 && s.indexOf('"') < 0 ? '"' : '\'';
    out.append(quote);
    for (int i = 0; i < s.length(); ) {
      int cp = s.codePointAt(i);
      i += Character.charCount(cp);
      if (cp == quote || cp == '\\') {
        out.append('\\').append((char) cp);
      } else if (cp == '\t') {
        out.append("\\t");
      } else if (cp == '\n') {
        out.append("\\n");
      } else if (cp == '\r') {
        out.append("\\r");
      } else if (cp >= 0x20 && cp < 0x7f) {
        out.append((char) cp);
      } else if (cp >= 0x80 && isPrintable(cp)) {
        out.appendCodePoint(cp);
      } else if (cp <= 0xff) {
        out.append(String.format("\\x%02x", cp));
      } else if (cp <= 0xffff) {
        out.append(String.format("\\u%04x", cp));
      } else {
        out.append(String.format("\\U%08x", cp));
      }
    }
    out.append(quote);
  }

  /** Python's {@code str.isprintable} for one non-ASCII code point. */
  private static boolean isPrintable(int cp) {
    return switch (Character.getType(cp)) {
      case Character.CONTROL,
          Character.FORMAT,
          Character.SURROGATE,
          Character.PRIVATE_USE,
          Character.UNASSIGNED,
          Character.LINE_SEPARATOR,
          Character.PARAGRAPH_SEPARATOR,
          Character.SPACE_SEPARATOR ->
          false;
      default -> true;
    };
  }
}
