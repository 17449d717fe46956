package io.fennel.monitor.auth;

import static org.assertj.core.api.Assertions.assertThat;

import io.fennel.core.broker.QueueSpec;
import io.fennel.core.broker.memory.MemoryBroker;
import io.fennel.monitor.Monitor;
import io.fennel.monitor.MonitorOptions;
import io.fennel.monitor.MonitorOptionsBuilder;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Who may read and act on the console, over plain HTTP (no browser). */
class ConsoleAccessTest {
  private static final String USER_PASS = "admin:s3cret-pass";
  private static final String TOKEN = "tok-0123456789abcdef";
  private static final Pattern META = Pattern.compile("name=\"csrf-token\" content=\"([^\"]+)\"");

  private final MemoryBroker broker = new MemoryBroker();
  private final HttpClient http = HttpClient.newHttpClient();
  private Monitor monitor;

  private void start(UnaryOperator<MonitorOptionsBuilder> edit) {
    broker.declareQueue(QueueSpec.task("celery"));
    monitor = Monitor.start(edit.apply(MonitorOptions.builder().broker(broker).port(0)).build());
  }

  @AfterEach
  void stop() {
    if (monitor != null) {
      monitor.close();
    }
    broker.close();
  }

  private HttpRequest.Builder req(String path) {
    return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + monitor.port() + path));
  }

  private HttpResponse<String> send(HttpRequest.Builder b)
      throws IOException, InterruptedException {
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  private static HttpRequest.Builder form(HttpRequest.Builder b, String body) {
    return b.header("Content-Type", "application/x-www-form-urlencoded")
        .POST(HttpRequest.BodyPublishers.ofString(body));
  }

  private static String basic(String userPass) {
    return "Basic " + Base64.getEncoder().encodeToString(userPass.getBytes(StandardCharsets.UTF_8));
  }

  /** The CSRF cookie and token a page hands out. */
  private String[] session(HttpResponse<String> page) {
    String cookie =
        page.headers().allValues("Set-Cookie").stream()
            .filter(c -> c.startsWith(CsrfTokens.COOKIE + "="))
            .findFirst()
            .orElseThrow();
    assertThat(cookie).contains("HttpOnly").contains("SameSite=Strict");
    Matcher m = META.matcher(page.body());
    assertThat(m.find()).isTrue();
    return new String[] {cookie.substring(0, cookie.indexOf(';')), m.group(1)};
  }

  @Test
  void withoutAuthThePagesWarnThatAnyoneOnTheHostCanAct() throws Exception {
    start(b -> b);
    HttpResponse<String> page = send(req("/"));
    assertThat(page.statusCode()).isEqualTo(200);
    assertThat(page.body())
        .contains("No authentication: anyone on this host can act")
        .contains("History is kept in memory only");
    assertThat(page.headers().firstValue("Content-Security-Policy").orElseThrow())
        .contains("frame-ancestors 'none'");
  }

  @Test
  void scriptsWithoutCookiesOrOriginCanPostLikeToFlower() throws Exception {
    start(b -> b);
    HttpResponse<String> r = send(form(req("/api/task/revoke/abc"), "terminate=false"));
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
  }

  @Test
  void aPostFromAnotherSiteIsRefusedEvenWithTheCookie() throws Exception {
    start(b -> b);
    String[] s = session(send(req("/")));
    HttpResponse<String> r =
        send(
            form(
                req("/api/task/revoke/abc")
                    .header("Origin", "https://evil.example")
                    .header("Cookie", s[0])
                    .header(CsrfTokens.HEADER, s[1]),
                ""));
    assertThat(r.statusCode()).isEqualTo(403);
    assertThat(r.body()).contains("cross-site request refused");
    HttpResponse<String> viaReferer =
        send(form(req("/api/task/revoke/abc").header("Referer", "http://localhost:1/x"), ""));
    assertThat(viaReferer.statusCode()).isEqualTo(403);
  }

  @Test
  void behindAProxyThatRewritesHostTheForwardedHostIsTheOriginOnlyWithTrustProxy()
      throws Exception {
    for (boolean trust : new boolean[] {false, true}) {
      start(b -> b.trustProxy(trust));
      String[] s = session(send(req("/")));
      // the proxy served https://ops.example.com and connected to the console as 127.0.0.1:port
      HttpResponse<String> r =
          send(
              form(
                  req("/api/task/revoke/abc")
                      .header("Origin", "https://ops.example.com")
                      .header("X-Forwarded-Host", "ops.example.com")
                      .header("X-Forwarded-Proto", "https")
                      .header("Cookie", s[0])
                      .header(CsrfTokens.HEADER, s[1]),
                  ""));
      assertThat(r.statusCode())
          .as("trust-proxy %s: %s", trust, r.body())
          .isEqualTo(trust ? 200 : 403);
      monitor.close();
      monitor = null;
    }
  }

  @Test
  void aBrowserPostNeedsTheSessionsCsrfToken() throws Exception {
    start(b -> b);
    String[] s = session(send(req("/")));
    String origin = "http://127.0.0.1:" + monitor.port();
    HttpResponse<String> none =
        send(form(req("/api/task/revoke/abc").header("Origin", origin).header("Cookie", s[0]), ""));
    assertThat(none.statusCode()).isEqualTo(403);
    assertThat(none.body()).contains("CSRF token");
    HttpResponse<String> wrong =
        send(
            form(
                req("/api/task/revoke/abc")
                    .header("Origin", origin)
                    .header("Cookie", s[0])
                    .header(CsrfTokens.HEADER, "x".repeat(43)),
                ""));
    assertThat(wrong.statusCode()).isEqualTo(403);
    HttpResponse<String> ok =
        send(
            form(
                req("/api/task/revoke/abc")
                    .header("Origin", origin)
                    .header("Cookie", s[0])
                    .header(CsrfTokens.HEADER, s[1]),
                ""));
    assertThat(ok.statusCode()).as(ok.body()).isEqualTo(200);
    HttpResponse<String> field =
        send(
            form(
                req("/api/task/revoke/abc").header("Origin", origin).header("Cookie", s[0]),
                CsrfTokens.FIELD + "=" + s[1]));
    assertThat(field.statusCode()).as(field.body()).isEqualTo(200);
  }

  @Test
  void withoutAuthAHostNameOtherThanLocalhostIsRefused() throws Exception {
    start(b -> b);
    assertThat(rawGet("/api/workers", "rebind.evil.example:" + monitor.port()))
        .startsWith("HTTP/1.1 403");
    assertThat(rawGet("/api/workers", "localhost:" + monitor.port())).startsWith("HTTP/1.1 200");
  }

  private String rawGet(String path, String host) throws IOException {
    try (Socket s = new Socket("127.0.0.1", monitor.port())) {
      OutputStream out = s.getOutputStream();
      out.write(
          ("GET " + path + " HTTP/1.1\r\nHost: " + host + "\r\nConnection: close\r\n\r\n")
              .getBytes(StandardCharsets.US_ASCII));
      out.flush();
      InputStream in = s.getInputStream();
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  @Test
  void basicAuthProtectsPagesAndApi() throws Exception {
    start(b -> b.basicAuth(USER_PASS));
    HttpResponse<String> anon = send(req("/"));
    assertThat(anon.statusCode()).isEqualTo(401);
    assertThat(anon.headers().firstValue("WWW-Authenticate").orElseThrow()).startsWith("Basic ");
    assertThat(send(req("/api/workers")).statusCode()).isEqualTo(401);
    assertThat(send(req("/api/workers").header("Authorization", basic("admin:wrong"))).statusCode())
        .isEqualTo(401);
    HttpResponse<String> page = send(req("/").header("Authorization", basic(USER_PASS)));
    assertThat(page.statusCode()).isEqualTo(200);
    assertThat(page.body()).doesNotContain("No authentication");
    assertThat(send(req("/healthcheck")).statusCode()).isEqualTo(200);
    assertThat(
            send(form(req("/api/task/revoke/abc").header("Authorization", basic(USER_PASS)), ""))
                .statusCode())
        .isEqualTo(200);
  }

  @Test
  void aBearerTokenOpensTheApiButNotThePages() throws Exception {
    start(b -> b.basicAuth(USER_PASS).apiToken(TOKEN));
    assertThat(send(req("/api/workers").header("Authorization", "Bearer " + TOKEN)).statusCode())
        .isEqualTo(200);
    assertThat(send(req("/api/workers").header("Authorization", "Bearer nope")).statusCode())
        .isEqualTo(401);
    assertThat(send(req("/").header("Authorization", "Bearer " + TOKEN)).statusCode())
        .isEqualTo(401);
    HttpResponse<String> post =
        send(form(req("/api/task/revoke/abc").header("Authorization", "Bearer " + TOKEN), ""));
    assertThat(post.statusCode()).as(post.body()).isEqualTo(200);
  }

  @Test
  void readOnlyRefusesEveryMutationAndHidesActions() throws Exception {
    start(b -> b.basicAuth(USER_PASS).apiToken(TOKEN).readOnly(true));
    HttpResponse<String> r =
        send(form(req("/api/task/revoke/abc").header("Authorization", "Bearer " + TOKEN), ""));
    assertThat(r.statusCode()).isEqualTo(403);
    assertThat(r.body()).contains("read-only mode");
    HttpResponse<String> apply =
        send(
            req("/api/task/async-apply/demo.add")
                .header("Authorization", basic(USER_PASS))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"args\":[1,2]}")));
    assertThat(apply.statusCode()).isEqualTo(403);
    HttpResponse<String> tasks = send(req("/tasks").header("Authorization", basic(USER_PASS)));
    assertThat(tasks.statusCode()).isEqualTo(200);
    assertThat(tasks.body()).contains("Read-only mode").doesNotContain("data-action");
  }

  @Test
  void optionsRejectMalformedCredentials() {
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () -> MonitorOptions.builder().basicAuth("nocolon"))
        .hasMessageContaining("user:password");
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () -> MonitorOptions.builder().apiToken("short"))
        .hasMessageContaining("at least 16");
    assertThat(MonitorOptions.builder().basicAuth(USER_PASS).apiToken(TOKEN).build().toString())
        .doesNotContain("s3cret")
        .doesNotContain(TOKEN);
  }
}
