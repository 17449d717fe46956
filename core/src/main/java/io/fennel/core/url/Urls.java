package io.fennel.core.url;

import java.util.Locale;

/**
 * Reads the parts of broker and backend URLs that every transport needs before it parses the rest:
 * the scheme, and the URL with its password masked for messages and logs. A leaf: it depends on no
 * other Fennel package, so transports, settings and the CLI can all use it.
 */
public final class Urls {
  private Urls() {}

  /**
   * The URL with the password of its user info replaced by {@code ***}: {@code
   * amqp://guest:***@host//}. URLs without a password (and null) come back unchanged.
   */
  public static String maskPassword(String url) {
    if (url == null) {
      return null;
    }
    int start = url.indexOf("://");
    if (start < 0) {
      return url;
    }
    start += 3;
    int end = url.length();
    for (int i = start; i < url.length(); i++) {
      char c = url.charAt(i);
      if (c == '/' || c == '?' || c == '#') {
        end = i;
        break;
      }
    }
    int at = url.lastIndexOf('@', end - 1);
    if (at < start) {
      return url;
    }
    int colon = url.indexOf(':', start);
    if (colon < 0 || colon > at) {
      return url;
    }
    return url.substring(0, colon + 1) + "***" + url.substring(at);
  }

  /** The scheme before {@code ://}, lower case; empty when the URL has none. */
  public static String scheme(String url) {
    int colon = url.indexOf("://");
    return colon < 0 ? "" : url.substring(0, colon).toLowerCase(Locale.ROOT);
  }
}
