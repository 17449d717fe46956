package io.fennel.monitor.http;

import java.nio.file.Path;
import java.time.Duration;

/**
 * How the console's HTTP server listens: address and port, TLS from PEM files, the URL prefix it is
 * served under behind a proxy, and the timeouts that close idle and trickling connections.
 *
 * @param address the address to listen on
 * @param port the port; 0 picks a free one
 * @param certFile a PEM certificate chain for TLS, or null for plain HTTP
 * @param keyFile the PEM (PKCS#8) private key of {@code certFile}, or null
 * @param prefix the path everything is served under ({@code /ops}), or "" for the root
 * @param idleTimeout a connection with no bytes either way this long is closed
 * @param headerTimeout a new connection must send a complete request head within this time
 */
public record ServerSettings(
    String address,
    int port,
    Path certFile,
    Path keyFile,
    String prefix,
    Duration idleTimeout,
    Duration headerTimeout) {

  /** Default idle timeout: longer than the event stream's 15 s keep-alive comments. */
  public static final Duration DEFAULT_IDLE = Duration.ofSeconds(30);

  /** Default time a new connection has to send its first request head. */
  public static final Duration DEFAULT_HEADER = Duration.ofSeconds(10);

  /** Checks the settings, naming a bad one. */
  public ServerSettings {
    if ((certFile == null) != (keyFile == null)) {
      throw new IllegalArgumentException(
          "TLS needs both --certfile and --keyfile, was certfile="
              + certFile
              + " keyfile="
              + keyFile);
    }
    prefix = normalPrefix(prefix);
  }

  /** Plain HTTP on {@code address}:{@code port} at the root, with the default timeouts. */
  public static ServerSettings plain(String address, int port) {
    return new ServerSettings(address, port, null, null, "", DEFAULT_IDLE, DEFAULT_HEADER);
  }

  /**
   * Checks a {@code --certfile}/{@code --keyfile} pair: both or neither, both readable.
   *
   * @throws IllegalArgumentException naming the missing or unreadable file
   */
  public static void checkTls(java.nio.file.Path cert, java.nio.file.Path key) {
    if ((cert == null) != (key == null)) {
      throw new IllegalArgumentException(
          "TLS needs both --certfile and --keyfile, was certfile=" + cert + " keyfile=" + key);
    }
    for (java.nio.file.Path p : new java.nio.file.Path[] {cert, key}) {
      if (p != null && !java.nio.file.Files.isReadable(p)) {
        throw new IllegalArgumentException("cannot read TLS file " + p);
      }
    }
  }

  /** Whether it serves HTTPS. */
  public boolean tls() {
    return certFile != null;
  }

  /**
   * {@code /ops} from {@code ops}, {@code /ops/} or {@code /ops}; "" for null, "" or "/".
   *
   * @throws IllegalArgumentException when it holds characters a path prefix cannot
   */
  public static String normalPrefix(String p) {
    if (p == null || p.isBlank() || p.equals("/")) {
      return "";
    }
    String s = p.trim();
    if (!s.startsWith("/")) {
      s = "/" + s;
    }
    while (s.endsWith("/")) {
      s = s.substring(0, s.length() - 1);
    }
    if (!s.matches("(/[A-Za-z0-9._~-]+)+")) {
      throw new IllegalArgumentException(
          "URL prefix must be a path like /ops (letters, digits, . _ ~ -), was '" + p + "'");
    }
    return s;
  }
}
