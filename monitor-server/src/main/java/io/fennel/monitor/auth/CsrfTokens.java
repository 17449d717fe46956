package io.fennel.monitor.auth;

import io.javalin.http.Context;

/**
 * The per-session CSRF token: a random value in an HttpOnly, SameSite=Strict cookie, repeated by
 * the page in {@code <meta name="csrf-token">} and sent back by its scripts as the {@value #HEADER}
 * header (or the {@value #FIELD} form field). A request from a browser must carry both and they
 * must match (double submit); a page on another site can read neither.
 */
public final class CsrfTokens {
  /** The cookie holding the session's token. */
  public static final String COOKIE = "fennel_csrf";

  /** The header scripts send the token in. */
  public static final String HEADER = "X-CSRF-Token";

  /** The form field a plain form sends the token in. */
  public static final String FIELD = "_csrf";

  private static final String ATTR = "fennel.csrf";

  private CsrfTokens() {}

  /**
   * The session's token, for a page to embed; issues one (sets the cookie) when the browser has
   * none yet.
   */
  public static String tokenFor(Context ctx) {
    String t = ctx.attribute(ATTR);
    if (t != null) {
      return t;
    }
    t = ctx.cookie(COOKIE);
    if (!Secrets.wellFormed(t)) {
      t = Secrets.newToken();
      ctx.addHeader("Set-Cookie", COOKIE + "=" + t + "; Path=/; HttpOnly; SameSite=Strict");
    }
    ctx.attribute(ATTR, t);
    return t;
  }

  /** Whether the request's cookie and its header or form field carry the same, valid token. */
  static boolean matches(Context ctx) {
    String cookie = ctx.cookie(COOKIE);
    if (!Secrets.wellFormed(cookie)) {
      return false;
    }
    String sent = ctx.header(HEADER);
    if (sent == null && isForm(ctx)) {
      sent = ctx.formParam(FIELD);
    }
    return Secrets.same(sent, cookie);
  }

  private static boolean isForm(Context ctx) {
    String ct = ctx.contentType();
    return ct != null
        && (ct.startsWith("application/x-www-form-urlencoded") || ct.startsWith("multipart/"));
  }
}
