package io.fennel.core.result.redis;

import io.fennel.core.FennelException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;

/**
 * Where a {@code redis://[[user]:password@]host[:port][/db]} or {@code rediss://} URL points,
 * parsed once; {@link #masked()} is the form shown in messages and logs.
 */
record RedisEndpoint(
    String host, int port, int database, String user, String password, boolean ssl) {

  static final int DEFAULT_PORT = 6379;

  static RedisEndpoint parse(String url) {
    URI uri;
    try {
      uri = new URI(url);
    } catch (URISyntaxException e) {
      throw new FennelException(
          "result backend URL " + url + " is not a URI (" + e.getReason() + ")", e);
    }
    String scheme = uri.getScheme();
    if (!"redis".equals(scheme) && !"rediss".equals(scheme)) {
      throw new FennelException(
          "result backend URL "
              + url
              + " is not redis:// or rediss://; the Redis backend needs one");
    }
    String host = uri.getHost() == null || uri.getHost().isEmpty() ? "localhost" : uri.getHost();
    int port = uri.getPort() < 0 ? DEFAULT_PORT : uri.getPort();
    int db = 0;
    String path = uri.getRawPath();
    if (path != null && path.length() > 1) {
      String digits = path.substring(1);
      try {
        db = Integer.parseInt(digits);
      } catch (NumberFormatException e) {
        throw new FennelException(
            "result backend URL "
                + new RedisEndpoint(host, port, 0, null, null, false).masked()
                + " has database '"
                + digits
                + "'; expected a number such as redis://localhost:6379/1",
            e);
      }
      if (db < 0) {
        throw new FennelException("Redis database must be >= 0, was " + db);
      }
    }
    String user = null;
    String password = null;
    String info = uri.getRawUserInfo();
    if (info != null) {
      int colon = info.indexOf(':');
      if (colon < 0) {
        // redis://secret@host: kombu treats a lone user-info part as the password.
        password = decode(info);
      } else {
        user = colon == 0 ? null : decode(info.substring(0, colon));
        password = decode(info.substring(colon + 1));
      }
      if (password != null && password.isEmpty()) {
        password = null;
      }
    }
    return new RedisEndpoint(host, port, db, user, password, "rediss".equals(scheme));
  }

  /** The URL with any password replaced by {@code **}. */
  String masked() {
    StringBuilder b = new StringBuilder(ssl ? "rediss://" : "redis://");
    if (user != null || password != null) {
      if (user != null) {
        b.append(user);
      }
      if (password != null) {
        b.append(":**");
      }
      b.append('@');
    }
    String h = host.contains(":") && !host.startsWith("[") ? "[" + host + "]" : host;
    return b.append(h).append(':').append(port).append('/').append(database).toString();
  }

  private static String decode(String s) {
    // A "+" in user info is a plus sign, not a space.
    return URLDecoder.decode(s.replace("+", "%2B"), StandardCharsets.UTF_8);
  }
}
