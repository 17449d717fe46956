package io.fennel.it.browser;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;
import com.microsoft.playwright.options.Cookie;
import io.fennel.monitor.auth.OidcSettings;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Logging in to the console through OpenID Connect against a real provider (npm's {@code
 * oidc-provider}, run by node on loopback from {@code src-test/oidc}): code flow with PKCE, a
 * Secure HttpOnly SameSite session cookie, then a logout.
 */
@ExtendWith(BrowserSupport.class)
class ConsoleOidcBrowserTest implements BrowserSupport.HasPage {
  static final Duration WAIT = Duration.ofSeconds(30);
  static final Path ROOT = Path.of(System.getProperty("fennel.root.dir", "..")).toAbsolutePath();
  static final Path OIDC = ROOT.resolve("src-test/oidc");
  static final String CLIENT = "fennel-console";
  static final String SECRET = "console-secret-0123456789abcdef";

  Process provider;
  Playwright playwright;
  ConsoleFixture fx;
  BrowserContext context;
  Page page;

  @AfterEach
  void stop() throws Exception {
    if (context != null) {
      context.close();
    }
    if (playwright != null) {
      playwright.close();
    }
    if (fx != null) {
      fx.close();
    }
    if (provider != null) {
      provider.destroy();
      provider.waitFor(10, TimeUnit.SECONDS);
    }
  }

  @Override
  public Page page() {
    return page;
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  private static boolean listening(int port) {
    try (Socket s = new Socket()) {
      s.connect(new InetSocketAddress("127.0.0.1", port), 200);
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  private static void requireProvider() {
    boolean ok =
        Files.isDirectory(OIDC.resolve("node_modules/oidc-provider"))
            && Files.isExecutable(Path.of("/usr/bin/node"));
    if (ok) {
      return;
    }
    String message =
        "oidc-provider is not installed; run `npm install` in src-test/oidc (CI's .ci/run does)";
    if ("1".equals(System.getenv("FENNEL_REQUIRE_BROKERS"))) {
      throw new AssertionError(message);
    }
    Assumptions.abort(message);
  }

  @Test
  void givenAnOidcProviderWhenABrowserLogsInAndOutThenTheConsoleFollowsTheCodeFlowWithPkce()
      throws Exception {
    BrowserSupport.requireChromium();
    requireProvider();
    Path tls = Files.createTempDirectory("fennel-oidc-tls");
    Process p =
        new ProcessBuilder(
                "/usr/bin/openssl",
                "req",
                "-x509",
                "-newkey",
                "rsa:2048",
                "-nodes",
                "-days",
                "1",
                "-subj",
                "/CN=localhost",
                "-keyout",
                tls.resolve("key.pem").toString(),
                "-out",
                tls.resolve("cert.pem").toString())
            .redirectErrorStream(true)
            .start();
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    int idpPort = freePort();
    fx =
        new ConsoleFixture(b ->
            b.tls(tls.resolve("cert.pem"), tls.resolve("key.pem"))
                .urlPrefix("/ops")
                .oidc(
                    new OidcSettings(
                        URI.create("http://127.0.0.1:" + idpPort),
                        CLIENT,
                        SECRET,
                        List.of("example.com"),
                        List.of())));
    String redirect = fx.at("/auth/callback");
    provider =
        new ProcessBuilder(
                "/usr/bin/node",
                "provider.mjs",
                Integer.toString(idpPort),
                redirect,
                CLIENT,
                SECRET)
            .directory(OIDC.toFile())
            .redirectErrorStream(true)
            .redirectOutput(tls.resolve("provider.log").toFile())
            .start();
    await().atMost(WAIT).until(() -> listening(idpPort));

    playwright = Playwright.create();
    Browser browser = BrowserSupport.launch(playwright);
    context = browser.newContext(new Browser.NewContextOptions().setIgnoreHTTPSErrors(true));
    page = context.newPage();
    page.setDefaultTimeout(WAIT.toMillis());

    page.navigate(fx.at("/tasks"));
    page.locator("input[name=login]").fill("ann");
    page.locator("input[name=password]").fill("any");
    page.locator("button[type=submit]").click();
    page.waitForURL(u -> u.startsWith(fx.at("/")) || u.contains("/interaction/"));
    if (page.url().contains("/interaction/")) {
      page.locator("button[type=submit]").click();
    }
    page.waitForURL(u -> u.startsWith(fx.at("/tasks")));
    assertThat(page.locator("#user")).hasText("ann@example.com");
    assertThat(page.locator("#live-status")).hasText("live");
    Cookie session =
        context.cookies().stream()
            .filter(c -> c.name.equals("fennel_session"))
            .findFirst()
            .orElseThrow();
    assertThat(session.secure).isTrue();
    assertThat(session.httpOnly).isTrue();
    assertThat(session.sameSite.name()).isEqualTo("LAX");
    assertThat(session.path).isEqualTo("/ops/");

    assertThat(context.request().get(fx.at("/api/workers")).status()).isEqualTo(200);

    page.navigate(fx.at("/auth/logout"));
    assertThat(page.locator("body")).containsText("Logged out");
    assertThat(context.cookies().stream().noneMatch(c -> c.name.equals("fennel_session"))).isTrue();
    assertThat(context.request().get(fx.at("/api/workers")).status()).isEqualTo(401);
  }
}
