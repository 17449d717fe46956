package io.fennel.core.internal.redis;

import io.fennel.core.error.FennelException;
import io.fennel.core.url.Urls;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * Where a {@code redis://[[user]:password@]host[:port][/db][?visibility_timeout=<seconds>]} or
 * {@code rediss://} URL points, for the Redis broker and the Redis result backend alike (as kombu,
 * a lone user-info part is the password); {@code visibilityTimeout} is null when the query does not
 * set it. {@link #client} opens a Jedis client to it.
 */
public record RedisAddress(
    String host,
    int port,
    int database,
    String user,
    String password,
    boolean ssl,
    Duration visibilityTimeout,
    String maskedUrl) {

  public static final int DEFAULT_PORT = 6379;

  /**
   * Parses a URL.
   *
   * @throws FennelException naming the URL (password masked) and what is wrong
   */
  public static RedisAddress parse(String url) {
    String masked = Urls.maskPassword(url);
    URI uri;
    try {
      uri = new URI(url);
    } catch (URISyntaxException e) {
      throw new FennelException("invalid broker URL '" + masked + "': " + e.getReason(), e);
    }
    String scheme = uri.getScheme();
    if (!"redis".equals(scheme) && !"rediss".equals(scheme)) {
      throw new FennelException(
          "not a Redis URL: '" + masked + "'; expected redis://[:password@]host[:port][/db]");
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
            "broker URL '"
                + masked
                + "' has database '"
                + digits
                + "'; expected a number such as redis://localhost:6379/0",
            e);
      }
      if (db < 0) {
        throw new FennelException("Redis database must be >= 0, was " + db + " in " + masked);
      }
    }
    String user = null;
    String password = null;
    String info = uri.getRawUserInfo();
    if (info != null) {
      int colon = info.indexOf(':');
      if (colon < 0) {
        password = decode(info);
      } else {
        user = colon == 0 ? null : decode(info.substring(0, colon));
        password = decode(info.substring(colon + 1));
      }
      if (password != null && password.isEmpty()) {
        password = null;
      }
    }
    return new RedisAddress(
        host,
        port,
        db,
        user,
        password,
        "rediss".equals(scheme),
        visibilityTimeout(uri.getRawQuery(), masked),
        masked);
  }

  private static Duration visibilityTimeout(String query, String masked) {
    if (query == null || query.isEmpty()) {
      return null;
    }
    Duration found = null;
    for (String pair : query.split("&")) {
      int eq = pair.indexOf('=');
      String name = decode(eq < 0 ? pair : pair.substring(0, eq));
      if (!name.equals("visibility_timeout")) {
        continue; // other transport options (ssl_cert_reqs...) are not ours to judge
      }
      String value = eq < 0 ? "" : decode(pair.substring(eq + 1));
      double seconds;
      try {
        seconds = Double.parseDouble(value);
      } catch (NumberFormatException e) {
        throw new FennelException(
            "visibility_timeout must be a number of seconds, was '" + value + "' in " + masked, e);
      }
      if (!(seconds >= 1) || Double.isInfinite(seconds)) {
        throw new FennelException(
            "visibility_timeout must be >= 1 second, was " + value + " in " + masked);
      }
      found = Duration.ofMillis(Math.round(seconds * 1000));
    }
    return found;
  }

  /**
   * A Jedis client to this address, named {@code clientName} on the server, with a pool of at most
   * {@code maxConnections} and the given connect and socket timeout.
   */
  public redis.clients.jedis.RedisClient client(
      String clientName, int maxConnections, int timeoutMillis) {
    redis.clients.jedis.DefaultJedisClientConfig.Builder config =
        redis.clients.jedis.DefaultJedisClientConfig.builder()
            .connectionTimeoutMillis(timeoutMillis)
            .socketTimeoutMillis(timeoutMillis)
            .database(database)
            .clientSetInfoConfig(redis.clients.jedis.ClientSetInfoConfig.DISABLED)
            // RESP2, as kombu speaks: no HELLO round trip to fall back from when a connection
            // breaks mid-handshake, and pub/sub replies stay plain arrays.
            .protocol(redis.clients.jedis.RedisProtocol.RESP2)
            .clientName(clientName);
    if (ssl) {
      config.sslOptions(redis.clients.jedis.SslOptions.defaults());
    }
    if (user != null) {
      config.user(user);
    }
    if (password != null) {
      config.password(password);
    }
    org.apache.commons.pool2.impl.GenericObjectPoolConfig<redis.clients.jedis.Connection> pool =
        new org.apache.commons.pool2.impl.GenericObjectPoolConfig<>();
    pool.setMaxTotal(maxConnections);
    pool.setMaxIdle(maxConnections);
    pool.setJmxEnabled(false);
    return redis.clients.jedis.RedisClient.builder()
        .hostAndPort(new redis.clients.jedis.HostAndPort(host, port))
        .clientConfig(config.build())
        .poolConfig(pool)
        .build();
  }

  private static String decode(String s) {
    // A "+" in user info is a plus sign, not a space.
    return URLDecoder.decode(s.replace("+", "%2B"), StandardCharsets.UTF_8);
  }
}
