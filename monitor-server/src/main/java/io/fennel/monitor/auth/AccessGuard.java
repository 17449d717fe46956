package io.fennel.monitor.auth;

import io.fennel.monitor.api.ApiError;
import io.fennel.monitor.api.Paths;
import io.javalin.http.Context;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Locale;
import java.util.Set;

/**
 * Who may do what on the console, checked before every request.
 *
 * <ul>
 *   <li>No authentication configured: only requests addressed to {@code localhost} or an IP address
 *       are served (a page elsewhere cannot reach the console through DNS rebinding), and the pages
 *       say that anyone on the host can act.
 *   <li>{@code --basic-auth user:pass}: pages and API need those credentials; {@code --api-token}:
 *       the API ({@code /api/**}, {@code /metrics}) also takes {@code Authorization: Bearer}.
 *       Secrets are compared in constant time.
 *   <li>Every mutating request (anything but GET, HEAD, OPTIONS) is refused in {@code --read-only}
 *       mode; from a browser (it carries an Origin, Referer, Sec-Fetch-Site or cookie) it must be
 *       same-origin and carry the session's CSRF token ({@link CsrfTokens}). Scripts calling the
 *       API like Flower's, with no cookie and no Origin, need only the credentials.
 * </ul>
 *
 * Refusals are {@link ApiError}s: 401 with {@code WWW-Authenticate}, or 403 naming the reason.
 */
public final class AccessGuard {
  private static final Set<String> SAFE_METHODS = Set.of("GET", "HEAD", "OPTIONS");
  private static final String REALM = "Fennel console";

  /** The request attribute holding the logged-in user's name. */
  public static final String USER_ATTR = "fennel.user";

  private final Users basicAuth;
  private final String apiToken;
  private final boolean readOnly;
  private final boolean trustProxy;
  private final LoginThrottle throttle;
  private final SessionLogin sessions;

  /**
   * A guard for {@code basicAuth} ({@code user:pass[,user:pass]} or null), {@code apiToken} (or
   * null) and {@code readOnly}.
   */
  public AccessGuard(String basicAuth, String apiToken, boolean readOnly) {
    this(
        basicAuth == null ? null : Users.parse(basicAuth),
        apiToken,
        readOnly,
        false,
        java.time.Clock.systemUTC(),
        null);
  }

  /**
   * A guard for {@code users} (or null), {@code apiToken} (or null), {@code readOnly}; with {@code
   * trustProxy} the client address comes from {@code X-Forwarded-For}; {@code sessions} (or null)
   * lets in browsers logged in through OpenID Connect. Failed logins are throttled on {@code
   * clock}.
   */
  public AccessGuard(
      Users users,
      String apiToken,
      boolean readOnly,
      boolean trustProxy,
      java.time.Clock clock,
      SessionLogin sessions) {
    this.basicAuth = users;
    this.apiToken = apiToken;
    this.readOnly = readOnly;
    this.trustProxy = trustProxy;
    this.throttle = new LoginThrottle(clock);
    this.sessions = sessions;
  }

  /** Whether no authentication is configured (anyone who can reach the port can act). */
  public boolean open() {
    return basicAuth == null && apiToken == null && sessions == null;
  }

  /** The address a request came from: the peer, or X-Forwarded-For's first with trust-proxy. */
  public String clientAddress(Context ctx) {
    if (trustProxy) {
      String xff = ctx.header("X-Forwarded-For");
      if (xff != null && !xff.isBlank()) {
        String first = xff.split(",", 2)[0].strip();
        if (first.matches("[0-9A-Fa-f.:\\[\\]]{2,64}")) {
          return first;
        }
      }
    }
    return ctx.ip();
  }

  /** The browser login in use (OpenID Connect), or null. */
  public SessionLogin sessions() {
    return sessions;
  }

  /** Whether every mutating request is refused. */
  public boolean readOnly() {
    return readOnly;
  }

  /**
   * Checks one request; returns when it may proceed.
   *
   * @throws ApiError 401 or 403 when it may not
   */
  public void check(Context ctx) {
    String path = Paths.local(ctx);
    if (path.equals("/healthcheck")) {
      return;
    }
    if (open()) {
      checkHost(ctx);
    } else if (!isAsset(path)) {
      authenticate(ctx, path);
    }
    if (!SAFE_METHODS.contains(ctx.method().name())) {
      checkMutation(ctx);
    }
  }

  private static boolean isAsset(String path) {
    return path.startsWith("/static/") || path.startsWith("/webjars/");
  }

  private static boolean isApi(String path) {
    return path.startsWith("/api/") || path.equals("/metrics");
  }

  private void authenticate(Context ctx, String path) {
    if (sessions != null && sessions.isPublic(path)) {
      return;
    }
    String address = clientAddress(ctx);
    long wait = throttle.retryAfter(address);
    if (wait > 0) {
      throw new ApiError(
          429,
          "too many failed logins from " + address + "; try again in " + wait + " s",
          java.util.Map.of("Retry-After", Long.toString(wait)));
    }
    if (sessions != null && sessions.loggedIn(ctx)) {
      return;
    }
    String auth = ctx.header("Authorization");
    if (auth != null && auth.regionMatches(true, 0, "Bearer ", 0, 7) && apiToken != null) {
      if (!isApi(path)) {
        throw unauthorized(ctx, "an API token opens the API only; pages need the basic-auth login");
      }
      if (Secrets.same(auth.substring(7).trim(), apiToken)) {
        throttle.succeeded(address);
        return;
      }
      throttle.failed(address, null, "wrong API token");
      throw unauthorized(ctx, "wrong API token");
    }
    if (auth != null && auth.regionMatches(true, 0, "Basic ", 0, 6) && basicAuth != null) {
      String given;
      try {
        given =
            new String(
                Base64.getDecoder().decode(auth.substring(6).trim()), StandardCharsets.UTF_8);
      } catch (IllegalArgumentException e) {
        throttle.failed(address, null, "malformed basic credentials");
        throw unauthorized(ctx, "malformed basic credentials");
      }
      int colon = given.indexOf(':');
      String user = colon < 0 ? given : given.substring(0, colon);
      if (colon > 0 && basicAuth.check(user, given.substring(colon + 1))) {
        throttle.succeeded(address);
        ctx.attribute(USER_ATTR, user);
        return;
      }
      throttle.failed(address, user, "wrong user or password");
      throw unauthorized(ctx, "wrong user or password");
    }
    if (sessions != null && !isApi(path) && ctx.method().name().equals("GET")) {
      sessions.startLogin(ctx);
      return;
    }
    throw unauthorized(
        ctx,
        basicAuth != null
            ? "log in (basic auth)" + (apiToken != null ? " or send Authorization: Bearer" : "")
            : "send Authorization: Bearer <token> (--api-token)");
  }

  private ApiError unauthorized(Context ctx, String why) {
    ctx.header(
        "WWW-Authenticate",
        basicAuth != null
            ? "Basic realm=\"" + REALM + "\", charset=\"UTF-8\""
            : "Bearer realm=\"" + REALM + "\"");
    return new ApiError(401, "authentication required: " + why);
  }

  private void checkMutation(Context ctx) {
    String what = ctx.method().name() + " " + Paths.local(ctx);
    if (readOnly) {
      throw new ApiError(
          403, "the console is in read-only mode (--read-only): " + what + " refused");
    }
    String origin = ctx.header("Origin");
    String referer = ctx.header("Referer");
    String fetchSite = ctx.header("Sec-Fetch-Site");
    String self = Forwarded.host(ctx, trustProxy);
    if (origin != null && !sameOrigin(origin, self)) {
      throw new ApiError(
          403, "cross-site request refused: Origin " + excerpt(origin) + " is not this console");
    }
    if (origin == null && referer != null && !sameOrigin(referer, self)) {
      throw new ApiError(
          403, "cross-site request refused: Referer " + excerpt(referer) + " is not this console");
    }
    if (fetchSite != null && !fetchSite.equals("same-origin") && !fetchSite.equals("none")) {
      throw new ApiError(403, "cross-site request refused: Sec-Fetch-Site " + excerpt(fetchSite));
    }
    boolean browser =
        origin != null || referer != null || fetchSite != null || ctx.header("Cookie") != null;
    if (browser && !CsrfTokens.matches(ctx)) {
      throw new ApiError(
          403,
          "missing or wrong CSRF token ("
              + CsrfTokens.HEADER
              + " header or "
              + CsrfTokens.FIELD
              + " field); reload the page and try again");
    }
  }

  /** Whether the scheme://host:port of {@code url} is the {@code host} header's. */
  static boolean sameOrigin(String url, String host) {
    if (host == null || url.equals("null")) {
      return false;
    }
    try {
      URI u = URI.create(url);
      if (u.getHost() == null || u.getScheme() == null) {
        return false;
      }
      int port =
          u.getPort() != -1 ? u.getPort() : u.getScheme().equalsIgnoreCase("https") ? 443 : 80;
      URI h = URI.create(u.getScheme() + "://" + host);
      int hostPort = h.getPort() != -1 ? h.getPort() : port == 443 ? 443 : 80;
      return u.getHost().equalsIgnoreCase(h.getHost()) && port == hostPort;
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  private static void checkHost(Context ctx) {
    String host = ctx.header("Host");
    String name = hostName(host);
    if (name == null || !(name.equals("localhost") || isIpLiteral(name))) {
      throw new ApiError(
          403,
          "Host '"
              + excerpt(String.valueOf(host))
              + "' refused: without authentication the console answers only to localhost or an"
              + " IP address (so a web page cannot reach it by DNS rebinding); pass --basic-auth"
              + " to serve it under other names");
    }
  }

  private static String hostName(String host) {
    if (host == null || host.isBlank()) {
      return null;
    }
    String h = host.trim().toLowerCase(Locale.ROOT);
    if (h.startsWith("[")) {
      int end = h.indexOf(']');
      return end < 0 ? null : h.substring(0, end + 1);
    }
    int colon = h.indexOf(':');
    return colon < 0 ? h : h.substring(0, colon);
  }

  private static boolean isIpLiteral(String h) {
    if (h.startsWith("[") && h.endsWith("]")) {
      return h.substring(1, h.length() - 1)
          .chars()
          .allMatch(c -> c == ':' || c == '.' || Character.digit(c, 16) >= 0);
    }
    String[] parts = h.split("\\.", -1);
    if (parts.length != 4) {
      return false;
    }
    for (String p : parts) {
      if (p.isEmpty()
          || p.length() > 3
          || !p.chars().allMatch(Character::isDigit)
          || Integer.parseInt(p) > 255) {
        return false;
      }
    }
    return true;
  }

  private static String excerpt(String s) {
    return s.length() <= 80 ? s : s.substring(0, 77) + "...";
  }
}
