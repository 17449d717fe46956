package io.fennel.monitor.auth;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fennel.monitor.api.ApiError;
import io.fennel.monitor.api.Paths;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.math.BigInteger;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.MessageDigest;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.RSAPublicKeySpec;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Browser login through OpenID Connect: the authorization code flow with PKCE (S256), a state bound
 * to the browser by a cookie, the ID token's RS256 signature, issuer, audience, expiry and nonce
 * checked, the user's e-mail and groups read from the userinfo endpoint and matched against {@link
 * OidcSettings}; then a session cookie that is Secure, HttpOnly and SameSite=Lax. Sessions and
 * pending logins are bounded and expire.
 */
public final class OidcLogin implements SessionLogin {
  private static final Logger log = LoggerFactory.getLogger(OidcLogin.class);
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String SESSION = "fennel_session";
  private static final String STATE = "fennel_oidc_state";
  private static final Duration SESSION_TTL = Duration.ofHours(8);
  private static final Duration LOGIN_TTL = Duration.ofMinutes(10);
  private static final int MAX_ENTRIES = 10_000;

  private final OidcSettings settings;
  private final boolean trustProxy;
  private final Clock clock;
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final Map<String, Pending> pending = bounded();
  private final Map<String, Session> sessions = bounded();
  private volatile JsonNode discovery;

  private record Pending(String verifier, String nonce, String returnTo, long expires) {}

  private record Session(String user, long expires) {}

  /** Logins through {@code settings}' provider, timed by {@code clock}. */
  public OidcLogin(OidcSettings settings, Clock clock) {
    this(settings, clock, false);
  }

  /**
   * As above; with {@code trustProxy} the redirect address is built from {@code X-Forwarded-Proto}
   * and {@code X-Forwarded-Host} (see {@link Forwarded}).
   */
  public OidcLogin(OidcSettings settings, Clock clock, boolean trustProxy) {
    this.settings = settings;
    this.clock = clock;
    this.trustProxy = trustProxy;
  }

  private static <V> Map<String, V> bounded() {
    return java.util.Collections.synchronizedMap(
        new LinkedHashMap<>(64, 0.75f, false) {
          @Override
          protected boolean removeEldestEntry(Map.Entry<String, V> eldest) {
            return size() > MAX_ENTRIES;
          }
        });
  }

  /** Registers the callback and logout routes. */
  public void register(RoutesConfig r) {
    r.get("/auth/callback", this::callback);
    r.get("/auth/logout", this::logout);
    r.get(
        "/auth/logged-out",
        ctx ->
            page(ctx, 200, "Logged out. <a href=\"" + Paths.prefix(ctx) + "/\">Log in again</a>."));
  }

  @Override
  public boolean isPublic(String path) {
    return path.startsWith("/auth/");
  }

  @Override
  public boolean loggedIn(Context ctx) {
    String token = ctx.cookie(SESSION);
    Session s = token == null ? null : sessions.get(token);
    if (s == null) {
      return false;
    }
    if (s.expires() < clock.millis()) {
      sessions.remove(token);
      return false;
    }
    ctx.attribute(AccessGuard.USER_ATTR, s.user());
    return true;
  }

  @Override
  public void startLogin(Context ctx) {
    JsonNode d = discovery();
    String state = Secrets.newToken();
    String verifier = Secrets.newToken();
    String nonce = Secrets.newToken();
    String returnTo = Paths.local(ctx) + (ctx.queryString() == null ? "" : "?" + ctx.queryString());
    pending.put(
        state, new Pending(verifier, nonce, returnTo, clock.millis() + LOGIN_TTL.toMillis()));
    ctx.header("Set-Cookie", cookie(ctx, STATE, state, "/auth", LOGIN_TTL.toSeconds()));
    String url =
        d.path("authorization_endpoint").asText()
            + "?response_type=code"
            + "&client_id="
            + enc(settings.clientId())
            + "&redirect_uri="
            + enc(redirectUri(ctx))
            + "&scope="
            + enc("openid email profile")
            + "&state="
            + enc(state)
            + "&nonce="
            + enc(nonce)
            + "&code_challenge="
            + enc(challenge(verifier))
            + "&code_challenge_method=S256";
    ctx.redirect(url);
    ctx.skipRemainingHandlers();
  }

  private void callback(Context ctx) throws Exception {
    String state = ctx.queryParam("state");
    String code = ctx.queryParam("code");
    if (ctx.queryParam("error") != null) {
      throw new ApiError(401, "the provider refused the login: " + ctx.queryParam("error"));
    }
    Pending p = state == null ? null : pending.remove(state);
    if (p == null
        || code == null
        || !state.equals(ctx.cookie(STATE))
        || p.expires() < clock.millis()) {
      throw new ApiError(
          401, "login expired or not started from this browser; open the console again");
    }
    JsonNode d = discovery();
    StringBuilder form =
        new StringBuilder("grant_type=authorization_code")
            .append("&code=")
            .append(enc(code))
            .append("&redirect_uri=")
            .append(enc(redirectUri(ctx)))
            .append("&code_verifier=")
            .append(enc(p.verifier()))
            .append("&client_id=")
            .append(enc(settings.clientId()));
    HttpRequest.Builder token =
        HttpRequest.newBuilder(URI.create(d.path("token_endpoint").asText()))
            .timeout(Duration.ofSeconds(10))
            .header("Content-Type", "application/x-www-form-urlencoded")
            .POST(HttpRequest.BodyPublishers.ofString(form.toString()));
    if (settings.clientSecret() != null) {
      token.header(
          "Authorization",
          "Basic "
              + Base64.getEncoder()
                  .encodeToString(
                      (enc(settings.clientId()) + ":" + enc(settings.clientSecret()))
                          .getBytes(StandardCharsets.UTF_8)));
    }
    JsonNode tokens = send(token.build(), "token");
    JsonNode claims = verify(tokens.path("id_token").asText(), p.nonce(), d);
    JsonNode info =
        send(
            HttpRequest.newBuilder(URI.create(d.path("userinfo_endpoint").asText()))
                .timeout(Duration.ofSeconds(10))
                .header("Authorization", "Bearer " + tokens.path("access_token").asText())
                .build(),
            "userinfo");
    String email = text(info, "email", text(claims, "email", null));
    List<String> groups = new ArrayList<>();
    info.path("groups").forEach(g -> groups.add(g.asText()));
    String user = email != null ? email : claims.path("sub").asText();
    if (!settings.admits(email, groups)) {
      log.warn(
          "OIDC login refused for {} from {}: not in the allowed domains or groups",
          user,
          ctx.ip());
      page(
          ctx,
          403,
          "You are logged in at the provider as "
              + escape(user)
              + ", but this console does not let you in.");
      return;
    }
    String session = Secrets.newToken();
    sessions.put(session, new Session(user, clock.millis() + SESSION_TTL.toMillis()));
    ctx.header("Set-Cookie", cookie(ctx, SESSION, session, "/", SESSION_TTL.toSeconds()));
    log.info("OIDC login: {} from {}", user, ctx.ip());
    String back =
        p.returnTo().startsWith("/") && !p.returnTo().startsWith("//") ? p.returnTo() : "/";
    ctx.redirect(Paths.prefix(ctx) + back);
  }

  private void logout(Context ctx) {
    String token = ctx.cookie(SESSION);
    if (token != null) {
      sessions.remove(token);
    }
    ctx.header("Set-Cookie", cookie(ctx, SESSION, "", "/", 0));
    ctx.redirect(Paths.prefix(ctx) + "/auth/logged-out");
  }

  private JsonNode verify(String jwt, String nonce, JsonNode d) throws Exception {
    String[] parts = jwt.split("\\.");
    if (parts.length != 3) {
      throw new ApiError(401, "the provider's ID token is not a JWT");
    }
    Base64.Decoder b64 = Base64.getUrlDecoder();
    JsonNode header = JSON.readTree(b64.decode(parts[0]));
    JsonNode claims = JSON.readTree(b64.decode(parts[1]));
    if (!"RS256".equals(header.path("alg").asText())) {
      throw new ApiError(
          401, "ID token signed with " + header.path("alg").asText() + "; the console takes RS256");
    }
    Signature sig = Signature.getInstance("SHA256withRSA");
    sig.initVerify(key(header.path("kid").asText(null), d));
    sig.update((parts[0] + "." + parts[1]).getBytes(StandardCharsets.US_ASCII));
    if (!sig.verify(b64.decode(parts[2]))) {
      throw new ApiError(401, "the ID token's signature does not verify");
    }
    boolean audOk =
        claims.path("aud").isArray()
            ? java.util.stream.StreamSupport.stream(claims.path("aud").spliterator(), false)
                .anyMatch(a -> a.asText().equals(settings.clientId()))
            : claims.path("aud").asText().equals(settings.clientId());
    if (!claims.path("iss").asText().equals(d.path("issuer").asText())
        || !audOk
        || claims.path("exp").asLong() * 1000 < clock.millis()
        || !nonce.equals(claims.path("nonce").asText())) {
      throw new ApiError(401, "the ID token is not for this console, expired or replayed");
    }
    return claims;
  }

  private PublicKey key(String kid, JsonNode d) throws Exception {
    JsonNode jwks =
        send(
            HttpRequest.newBuilder(URI.create(d.path("jwks_uri").asText()))
                .timeout(Duration.ofSeconds(10))
                .build(),
            "jwks");
    for (JsonNode k : jwks.path("keys")) {
      if ("RSA".equals(k.path("kty").asText())
          && (kid == null || kid.equals(k.path("kid").asText()))) {
        Base64.Decoder b64 = Base64.getUrlDecoder();
        return KeyFactory.getInstance("RSA")
            .generatePublic(
                new RSAPublicKeySpec(
                    new BigInteger(1, b64.decode(k.path("n").asText())),
                    new BigInteger(1, b64.decode(k.path("e").asText()))));
      }
    }
    throw new ApiError(401, "the provider publishes no RSA key with id " + kid);
  }

  private JsonNode discovery() {
    JsonNode d = discovery;
    if (d == null) {
      try {
        d =
            send(
                HttpRequest.newBuilder(
                        URI.create(
                            settings.issuer().toString().replaceAll("/$", "")
                                + "/.well-known/openid-configuration"))
                    .timeout(Duration.ofSeconds(10))
                    .build(),
                "discovery");
      } catch (Exception e) {
        throw new ApiError(
            503, "cannot reach the OpenID provider " + settings.issuer() + ": " + e.getMessage());
      }
      discovery = d;
    }
    return d;
  }

  private JsonNode send(HttpRequest r, String what) throws Exception {
    HttpResponse<String> res = http.send(r, HttpResponse.BodyHandlers.ofString());
    if (res.statusCode() / 100 != 2) {
      throw new ApiError(502, "the OpenID provider's " + what + " answered " + res.statusCode());
    }
    return JSON.readTree(res.body());
  }

  private String redirectUri(Context ctx) {
    return Forwarded.scheme(ctx, trustProxy)
        + "://"
        + Forwarded.host(ctx, trustProxy)
        + Paths.prefix(ctx)
        + "/auth/callback";
  }

  private static String cookie(Context ctx, String name, String value, String path, long maxAge) {
    return name
        + "="
        + value
        + "; Path="
        + Paths.prefix(ctx)
        + path
        + "; Max-Age="
        + maxAge
        + "; Secure; HttpOnly; SameSite=Lax";
  }

  private static String challenge(String verifier) throws IllegalStateException {
    try {
      byte[] h =
          MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII));
      return Base64.getUrlEncoder().withoutPadding().encodeToString(h);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String text(JsonNode n, String field, String dflt) {
    JsonNode v = n.get(field);
    return v == null || v.isNull() ? dflt : v.asText();
  }

  private static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }

  private static String escape(String s) {
    return s.replace("&", "&amp;")
        .replace("<", "&lt;")
        .replace(">", "&gt;")
        .replace("\"", "&quot;");
  }

  private static void page(Context ctx, int status, String html) {
    ctx.status(status)
        .contentType("text/html; charset=utf-8")
        .result(
            "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Fennel</title></head><body><p>"
                + html
                + "</p></body></html>");
  }
}
