package io.fennel.monitor.auth;

import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * The rule for a console without authentication: it may listen on a loopback address only, unless
 * {@code --no-auth} says an open console is meant; and what to warn, truthfully, in each case.
 */
public final class OpenAccess {
  private OpenAccess() {}

  /** Whether {@code address} only accepts connections from this host. */
  public static boolean isLoopback(String address) {
    try {
      return InetAddress.getByName(address).isLoopbackAddress();
    } catch (UnknownHostException e) {
      return false;
    }
  }

  /**
   * Refuses an open console on a non-loopback address unless {@code allowOpen}.
   *
   * @throws IllegalArgumentException naming the address and the ways out
   */
  public static void check(String address, boolean open, boolean allowOpen) {
    if (open && !allowOpen && !isLoopback(address)) {
      throw new IllegalArgumentException(
          "refusing to listen on "
              + address
              + " without authentication: anyone who can reach it could revoke tasks and shut"
              + " workers down. Pass --basic-auth user:pass (or --basic-auth-file, --api-token,"
              + " --oidc-issuer), listen on 127.0.0.1, or pass --no-auth to serve it open on"
              + " purpose");
    }
  }

  /** The warning an open console logs at start, or null when it has authentication. */
  public static String warning(String address, int port, boolean open) {
    if (!open) {
      return null;
    }
    if (isLoopback(address)) {
      return "no authentication: anyone with an account on this host can use the console and act"
          + " on workers; pass --basic-auth user:pass to require a login";
    }
    return "no authentication (--no-auth) on "
        + address
        + ":"
        + port
        + ": anyone who can reach this port can use the console and act on workers (requests"
        + " must name it by IP address or localhost); pass --basic-auth user:pass to require a"
        + " login";
  }
}
