package io.fennel.core.broker.amqp;

import io.fennel.core.error.FennelException;
import io.fennel.core.url.Urls;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * Where and as whom to connect, parsed from a Celery-style URL {@code
 * amqp://user:pass@host:port/vhost}. Defaults as in Celery: {@code guest:guest@localhost:5672}
 * (5671 for {@code amqps}), and vhost {@code /} for an empty path, {@code /} or {@code //}.
 */
record AmqpAddress(
    boolean tls,
    String host,
    int port,
    String username,
    String password,
    String virtualHost,
    String maskedUrl) {

  @Override
  public String toString() {
    return maskedUrl;
  }

  static AmqpAddress parse(String url) {
    String masked = Urls.maskPassword(url);
    URI uri;
    try {
      int authority = url.indexOf("://") + 3;
      boolean noHost =
          authority >= 3 && (authority == url.length() || url.charAt(authority) == '/');
      uri =
          new URI(
              noHost ? url.substring(0, authority) + "localhost" + url.substring(authority) : url);
    } catch (java.net.URISyntaxException e) {
      throw new FennelException("invalid broker URL '" + masked + "': " + e.getReason(), e);
    }
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    boolean tls =
        switch (scheme) {
          case "amqp", "pyamqp" -> false;
          case "amqps" -> true;
          default ->
              throw new FennelException(
                  "not an AMQP URL: '" + masked + "'; expected amqp://user:pass@host:port/vhost");
        };
    String host = uri.getHost();
    if (host == null) {
      if (uri.getRawAuthority() != null && !uri.getRawAuthority().endsWith("@")) {
        throw new FennelException("invalid host in broker URL '" + masked + "'");
      }
      host = "localhost";
    }
    int port = uri.getPort() >= 0 ? uri.getPort() : tls ? 5671 : 5672;
    String username = "guest";
    String password = "guest";
    String userInfo = uri.getRawUserInfo();
    if (userInfo != null) {
      int colon = userInfo.indexOf(':');
      username = decode(colon < 0 ? userInfo : userInfo.substring(0, colon));
      password = colon < 0 ? "" : decode(userInfo.substring(colon + 1));
    }
    String path = uri.getRawPath();
    String virtualHost = path == null || path.length() <= 1 ? "" : decode(path.substring(1));
    if (virtualHost.isEmpty()) {
      virtualHost = "/";
    }
    return new AmqpAddress(tls, host, port, username, password, virtualHost, masked);
  }

  private static String decode(String raw) {
    return URLDecoder.decode(raw.replace("+", "%2B"), StandardCharsets.UTF_8);
  }
}
