package io.fennel.monitor.state;

/**
 * Cuts a stored text field (args, kwargs, result, exception, traceback) to at most {@code max}
 * bytes of UTF-8, never inside a character, so one huge result cannot hold the console's memory.
 */
final class FieldCap {
  private FieldCap() {}

  /** {@code s} itself when it fits in {@code maxBytes}, else its longest prefix that does. */
  static String cap(String s, int maxBytes) {
    if (s == null || s.length() <= maxBytes / 3) {
      return s;
    }
    int bytes = 0;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      int n;
      if (c < 0x80) {
        n = 1;
      } else if (c < 0x800) {
        n = 2;
      } else if (Character.isHighSurrogate(c) && i + 1 < s.length()) {
        n = 4;
      } else {
        n = 3;
      }
      if (bytes + n > maxBytes) {
        return s.substring(0, i);
      }
      bytes += n;
      if (n == 4) {
        i++;
      }
    }
    return s;
  }
}
