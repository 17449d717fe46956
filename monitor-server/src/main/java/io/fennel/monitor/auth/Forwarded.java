package io.fennel.monitor.auth;

import io.javalin.http.Context;
import java.util.Locale;

/**
 * What the browser addressed, for a console behind a proxy: with {@code --trust-proxy} the scheme
 * comes from {@code X-Forwarded-Proto} and the host from {@code X-Forwarded-Host} (the first of
 * each, as a proxy chain appends); without it, or when a header holds something that is not a
 * scheme or a host, from the connection and its {@code Host} header. Used for the OpenID redirect
 * address and the same-origin check, so a TLS-terminating proxy that rewrites {@code Host} still
 * gets a working login and working forms.
 */
final class Forwarded {
  private Forwarded() {}

  /** {@code http} or {@code https}. */
  static String scheme(Context ctx, boolean trustProxy) {
    if (trustProxy) {
      String proto = first(ctx.header("X-Forwarded-Proto"));
      if (proto != null) {
        String p = proto.toLowerCase(Locale.ROOT);
        if (p.equals("http") || p.equals("https")) {
          return p;
        }
      }
    }
    return ctx.scheme();
  }

  /** The host (and port, if any) the browser asked for, or null when there is none. */
  static String host(Context ctx, boolean trustProxy) {
    if (trustProxy) {
      String host = first(ctx.header("X-Forwarded-Host"));
      if (host != null && host.matches("[A-Za-z0-9.\\-\\[\\]:]{1,255}")) {
        return host;
      }
    }
    return ctx.header("Host");
  }

  private static String first(String header) {
    if (header == null) {
      return null;
    }
    String first = header.split(",", 2)[0].strip();
    return first.isEmpty() ? null : first;
  }
}
