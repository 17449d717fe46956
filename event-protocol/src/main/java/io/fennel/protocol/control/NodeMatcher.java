package io.fennel.protocol.control;

import io.fennel.protocol.ProtocolException;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Matches a node name against a control request's {@code pattern} the way kombu does: {@code glob}
 * is a whole-name shell wildcard match ({@code * ? [abc] [!abc]}), {@code pcre} a regular
 * expression anchored at the start of the name only.
 */
final class NodeMatcher {
  private NodeMatcher() {}

  static final String GLOB = "glob";
  static final String PCRE = "pcre";

  static boolean matches(String node, String pattern, String matcher) {
    return compile(pattern, matcher).matcher(node).lookingAt();
  }

  /** Compiles the pattern; an unknown matcher or a bad expression is a ProtocolException. */
  static Pattern compile(String pattern, String matcher) {
    String kind = matcher == null ? GLOB : matcher;
    try {
      return switch (kind) {
        case GLOB -> Pattern.compile(globToRegex(pattern) + "$", Pattern.DOTALL);
        case PCRE -> Pattern.compile(pattern);
        default ->
            throw new ProtocolException(
                "matcher", "must be 'glob' or 'pcre' (or null for glob), was '" + matcher + "'");
      };
    } catch (PatternSyntaxException e) {
      throw new ProtocolException(
          "pattern", "is not a valid " + kind + " pattern: '" + pattern + "'", e);
    }
  }

  private static String globToRegex(String glob) {
    StringBuilder regex = new StringBuilder();
    int i = 0;
    while (i < glob.length()) {
      char c = glob.charAt(i++);
      switch (c) {
        case '*' -> regex.append(".*");
        case '?' -> regex.append('.');
        case '[' -> {
          int j = i;
          if (j < glob.length() && glob.charAt(j) == '!') {
            j++;
          }
          if (j < glob.length() && glob.charAt(j) == ']') {
            j++;
          }
          while (j < glob.length() && glob.charAt(j) != ']') {
            j++;
          }
          if (j >= glob.length()) {
            regex.append("\\[");
          } else {
            String body = glob.substring(i, j);
            i = j + 1;
            boolean negate = body.startsWith("!");
            if (negate) {
              body = body.substring(1);
            }
            regex.append('[').append(negate ? "^" : "");
            for (char b : body.toCharArray()) {
              regex.append(b == '-' ? "-" : escapeInClass(b));
            }
            regex.append(']');
          }
        }
        default -> regex.append(Pattern.quote(String.valueOf(c)));
      }
    }
    return regex.toString();
  }

  private static String escapeInClass(char c) {
    return Character.isLetterOrDigit(c) ? String.valueOf(c) : "\\" + c;
  }
}
