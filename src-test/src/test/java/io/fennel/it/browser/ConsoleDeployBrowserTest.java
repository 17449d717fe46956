package io.fennel.it.browser;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;
import com.microsoft.playwright.Response;
import com.microsoft.playwright.assertions.LocatorAssertions;
import io.fennel.core.producer.SendOptions;
import io.fennel.monitor.state.TaskView;
import io.fennel.protocol.state.TaskState;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The console as deployed: HTTPS under {@code /ops} with two users, the Timeline filling live, and
 * the worker's Limits form changing a real worker's time limit; saves the pages' screenshots to
 * {@code docs/screenshots/} for the README.
 */
@ExtendWith(BrowserSupport.class)
class ConsoleDeployBrowserTest implements BrowserSupport.HasPage {
  static final Duration WAIT = Duration.ofSeconds(20);
  static final LocatorAssertions.HasTextOptions SLOW =
      new LocatorAssertions.HasTextOptions().setTimeout(WAIT.toMillis());
  static final Path SHOTS = Path.of("..", "docs", "screenshots");

  static Playwright playwright;
  static Browser browser;
  static Path tls;
  ConsoleFixture fx;
  BrowserContext context;
  Page page;

  @BeforeAll
  static void startBrowser() throws Exception {
    BrowserSupport.requireChromium();
    Assumptions.assumeTrue(Files.isExecutable(Path.of("/usr/bin/openssl")), "openssl is missing");
    tls = Files.createTempDirectory("fennel-tls");
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
    assertThat(p.exitValue()).isZero();
    playwright = Playwright.create();
    browser = BrowserSupport.launch(playwright);
  }

  @AfterAll
  static void stopBrowser() {
    if (playwright != null) {
      playwright.close();
    }
  }

  @AfterEach
  void stop() {
    if (context != null) {
      context.close();
    }
    if (fx != null) {
      fx.close();
    }
  }

  @Override
  public Page page() {
    return page;
  }

  private void as(String user, String pass) {
    if (context != null) {
      context.close();
    }
    context =
        browser.newContext(
            new Browser.NewContextOptions()
                .setIgnoreHTTPSErrors(true)
                .setHttpCredentials(user, pass)
                .setViewportSize(1400, 900));
    page = context.newPage();
    page.setDefaultTimeout(WAIT.toMillis());
    page.onDialog(d -> d.accept());
  }

  private String done(String task, Object... args) {
    String id = fx.app.sendTask(task, List.of(args), Map.of(), SendOptions.builder().build()).id();
    await()
        .atMost(WAIT)
        .until(() -> {
          TaskState s = fx.monitor.state().task(id).map(TaskView::state).orElse(null);
          return s == TaskState.SUCCESS || s == TaskState.FAILURE;
        });
    return id;
  }

  private void shot(String name) throws Exception {
    Files.createDirectories(SHOTS);
    page.screenshot(
        new Page.ScreenshotOptions().setPath(SHOTS.resolve(name + ".png")).setFullPage(true));
  }

  @Test
  void givenTlsAPrefixAndTwoUsersWhenEachLogsInThenThePagesAndTheStreamWorkUnderThePrefix()
      throws Exception {
    fx =
        new ConsoleFixture(b ->
            b.basicAuth("ann:pw-ann-1,bob:pw-bob-2")
                .tls(tls.resolve("cert.pem"), tls.resolve("key.pem"))
                .urlPrefix("/ops"));
    assertThat(fx.at("/")).startsWith("https://").endsWith("/ops/");
    for (String[] user : new String[][] {{"ann", "pw-ann-1"}, {"bob", "pw-bob-2"}}) {
      as(user[0], user[1]);
      Response r = page.navigate(fx.at("/"));
      assertThat(r.status()).isEqualTo(200);
      assertThat(page.locator("#live-status")).hasText("live", SLOW);
      assertThat(page.locator("a.brand")).hasAttribute("href", "/ops/");
    }
    done("demo.add", 2, 3);
    done("demo.fail", "boom for the screenshot");
    assertThat(page.locator("#worker-table tr[data-worker='" + fx.node() + "']")).hasCount(1);
    page.navigate(fx.at("/"));
    assertThat(page.locator("#live-status")).hasText("live", SLOW);
    shot("overview");
    page.navigate(fx.at("/tasks"));
    assertThat(page.locator("#task-rows a.task-id").first())
        .hasAttribute("title", java.util.regex.Pattern.compile("[0-9a-f-]{36}"));
    shot("tasks");
    page.navigate(fx.at("/types"));
    assertThat(page.locator("#types")).containsText("demo.add");
    shot("types");
    as("ann", "wrong");
    assertThat(page.navigate(fx.at("/")).status()).isEqualTo(401);
  }

  @Test
  void givenTheTimelineIsOpenWhenTasksRunThenTheirBarsAppearWithoutAReload() throws Exception {
    fx = new ConsoleFixture(b -> b);
    as("nobody", "none");
    page.navigate(fx.url("/timeline"));
    assertThat(page.locator("#live-status")).hasText("live", SLOW);
    page.evaluate("() => { window.__sameDocument = true; }");
    for (int i = 0; i < 6; i++) {
      done("demo.add", i, i);
    }
    done("demo.fail", "a red bar");
    assertThat(page.locator("#timeline-count")).hasText("7 tasks on 1 workers", SLOW);
    assertThat(page.evaluate("() => window.__sameDocument === true")).isEqualTo(true);
    shot("timeline");
  }

  @Test
  void givenTheWorkersLimitsFormWhenATimeLimitIsSetThenTheRealWorkerHasIt() throws Exception {
    fx = new ConsoleFixture(b -> b);
    as("nobody", "none");
    page.navigate(fx.url("/worker/" + fx.node()));
    assertThat(page.locator("#limits-table")).containsText("demo.add");
    page.locator("#time-limit-task").selectOption("demo.add");
    page.locator("#time-limit-soft").fill("5");
    page.locator("#time-limit-hard").fill("10");
    page.locator("#btn-time-limit").click();
    assertThat(page.locator("#toast"))
        .containsText(
            "Done", new LocatorAssertions.ContainsTextOptions().setTimeout(WAIT.toMillis()));
    await()
        .atMost(WAIT)
        .until(() -> {
          Double[] l = fx.worker.control().timeLimit("demo.add");
          return Double.valueOf(5).equals(l[0]) && Double.valueOf(10).equals(l[1]);
        });
    page.reload();
    assertThat(page.locator("#limits-table tr[data-task='demo.add'] [data-f=hard]"))
        .hasText("10.0");
    shot("worker");
  }
}
