package io.fennel.it.browser;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;
import com.microsoft.playwright.assertions.LocatorAssertions;
import com.microsoft.playwright.options.WaitForSelectorState;
import io.fennel.core.producer.SendOptions;
import io.fennel.monitor.state.TaskView;
import io.fennel.protocol.state.TaskState;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The console in a real browser, over a real worker: live updates, failures, actions, escaping. */
@ExtendWith(BrowserSupport.class)
class ConsoleBrowserTest implements BrowserSupport.HasPage {
  static final Duration WAIT = Duration.ofSeconds(20);
  static final LocatorAssertions.HasTextOptions SLOW =
      new LocatorAssertions.HasTextOptions().setTimeout(WAIT.toMillis());
  static final LocatorAssertions.ContainsTextOptions SLOW_CONTAINS =
      new LocatorAssertions.ContainsTextOptions().setTimeout(WAIT.toMillis());

  static ConsoleFixture fx;
  static Playwright playwright;
  static Browser browser;
  BrowserContext context;
  Page page;
  final List<String> dialogs = new CopyOnWriteArrayList<>();

  @BeforeAll
  static void startConsole() {
    BrowserSupport.requireChromium();
    fx = new ConsoleFixture(b -> b);
    playwright = Playwright.create();
    browser = BrowserSupport.launch(playwright);
  }

  @AfterAll
  static void stopConsole() throws Exception {
    if (playwright != null) {
      playwright.close();
    }
    if (fx != null) {
      fx.close();
    }
  }

  @BeforeEach
  void openPage() {
    context = browser.newContext();
    page = context.newPage();
    page.setDefaultTimeout(WAIT.toMillis());
    page.onDialog(d -> {
      if (d.type().equals("confirm")) {
        d.accept();
      } else {
        dialogs.add(d.type() + ": " + d.message());
        d.dismiss();
      }
    });
  }

  @AfterEach
  void closePage() {
    context.close();
  }

  @Override
  public Page page() {
    return page;
  }

  private String send(String name, Object... args) {
    return fx.app.sendTask(name, List.of(args), Map.of(), SendOptions.builder().build()).id();
  }

  private void awaitState(String id, TaskState state) {
    await()
        .atMost(WAIT)
        .until(() -> fx.monitor.state().task(id).map(TaskView::state).orElse(null) == state);
  }

  private void open(String path) {
    page.navigate(fx.url(path));
    assertThat(page.locator("#live-status")).hasText("live", SLOW);
    page.evaluate("() => { window.__sameDocument = true; }");
  }

  private void assertNotReloaded() {
    assertThat(page.evaluate("() => window.__sameDocument === true")).isEqualTo(true);
  }

  @Test
  void aSentTaskAppearsAndReachesSuccessWithoutAReload() {
    open("/tasks");
    String id = send("demo.add", 2, 3);
    Locator row = page.locator("tr[data-id='" + id + "']");
    assertThat(row.locator("[data-f=state]")).hasText("SUCCESS", SLOW);
    assertThat(row.locator("[data-f=result]")).hasText("5");
    assertThat(row.locator("[data-f=worker]")).hasText(fx.node());
    assertNotReloaded();
  }

  @Test
  void theOverviewCountsASucceededTaskWithoutAReload() {
    open("/");
    Locator success = page.locator("[data-state=SUCCESS]");
    long before = Long.parseLong(success.textContent().trim());
    send("demo.add", 20, 22);
    page.waitForFunction(
        "n => Number(document.querySelector('[data-state=SUCCESS]').textContent) > n",
        (double) before,
        new Page.WaitForFunctionOptions().setTimeout(WAIT.toMillis()));
    assertThat(page.locator("#workers-online")).hasText("1");
    assertThat(page.locator("#banner-no-auth"))
        .containsText("No authentication: anyone on this host can act");
    assertNotReloaded();
  }

  @Test
  void aFailedTasksPageShowsItsTraceback() {
    String id = send("demo.fail", "boom for the console");
    awaitState(id, TaskState.FAILURE);
    page.navigate(fx.url("/task/" + id));
    assertThat(page.locator("#task-state")).hasText("FAILURE");
    assertThat(page.locator("#task-exception")).containsText("boom for the console");
    assertThat(page.locator("#task-traceback")).containsText("boom for the console");
    assertThat(page.locator("#task-traceback")).isVisible();
    assertThat(page.locator("#timeline tbody tr")).not().hasCount(0);
    page.navigate(fx.url("/"));
    assertThat(page.locator("#failures tr[data-id='" + id + "'] a"))
        .hasAttribute("href", "/task/" + id);
  }

  @Test
  void terminatingALongTaskFromItsPageRevokesIt() {
    String id = send("demo.sleep", 60);
    awaitState(id, TaskState.STARTED);
    open("/task/" + id);
    assertThat(page.locator("#task-state")).hasText("STARTED");
    page.locator("#btn-terminate").click();
    assertThat(page.locator("#toast")).containsText("Done");
    assertThat(page.locator("#task-state")).hasText("REVOKED", SLOW);
    assertNotReloaded();
  }

  @Test
  void aRateLimitSetOnTheWorkersPageReachesTheWorker() {
    open("/worker/" + fx.node());
    assertThat(page.locator("#worker-registered")).containsText("demo.add");
    assertThat(page.locator("#worker-queues")).containsText("celery");
    page.locator("#rate-limit-task").selectOption("demo.mul");
    page.locator("#rate-limit-value").fill("7/m");
    page.locator("#btn-rate-limit").click();
    try {
      assertThat(page.locator("#toast")).containsText("Done", SLOW_CONTAINS);
      await()
          .atMost(WAIT)
          .until(() -> "7/m".equals(fx.worker.control().rateLimit("demo.mul").text()));
      var out = new java.io.StringWriter();
      var cli = io.fennel.cli.FennelCommand.commandLine();
      cli.setOut(new java.io.PrintWriter(out, true));
      int code =
          cli.execute(
              "inspect",
              "registered",
              "rate_limit",
              "-d",
              fx.node(),
              "-b",
              fx.brokerUrl,
              "-t",
              "5");
      org.assertj.core.api.Assertions.assertThat(code).as(out.toString()).isZero();
      org.assertj.core.api.Assertions.assertThat(out.toString())
          .contains("demo.mul [rate_limit=7/m]");
    } finally {
      fx.worker.control().setRateLimit("demo.mul", "0");
    }
  }

  @Test
  void taskDataIsShownAsTextNeverRunAsMarkup() {
    open("/tasks");
    String script = "<script>alert(1)</script>";
    String img = "<img src=x onerror=alert(2)>";
    String echo = send("demo.echo", script);
    String fail = send("demo.fail", img);
    Locator row = page.locator("tr[data-id='" + echo + "']");
    assertThat(row.locator("[data-f=state]")).hasText("SUCCESS", SLOW);
    assertThat(row.locator("[data-f=args]")).containsText(script);
    awaitState(fail, TaskState.FAILURE);
    page.navigate(fx.url("/task/" + echo));
    assertThat(page.locator("#task-args")).containsText(script);
    assertThat(page.locator("#task-result")).containsText(script);
    page.navigate(fx.url("/task/" + fail));
    assertThat(page.locator("#task-exception")).containsText(img);
    page.navigate(fx.url("/"));
    assertThat(page.locator("#failures")).containsText(img);
    page.navigate(
        fx.url(
            "/tasks?search="
                + java.net.URLEncoder.encode("alert(", java.nio.charset.StandardCharsets.UTF_8)));
    assertThat(page.locator("#task-rows")).containsText(script);
    assertThat(page.locator("img[src=x]")).hasCount(0);
    assertThat(dialogs).isEmpty();
  }

  /**
   * Every page renders its live view with no script error; each is saved as a picture under
   * target/screenshots/pages for a person to look at.
   */
  @Test
  void everyPageRendersWithoutScriptErrors() throws Exception {
    Path out = Path.of("target", "screenshots", "pages");
    Files.createDirectories(out);
    java.util.List<String> errors = new java.util.concurrent.CopyOnWriteArrayList<>();
    page.onPageError(errors::add);
    page.onResponse(r -> {
      if (r.status() >= 400) {
        errors.add(r.status() + " " + r.url());
      }
    });
    String ok = send("demo.add", 1, 2);
    String failed = send("demo.fail", "boom for the screenshot");
    awaitState(ok, TaskState.SUCCESS);
    awaitState(failed, TaskState.FAILURE);
    page.setViewportSize(1400, 900);
    Map<String, String> pages =
        Map.of(
            "overview", "/",
            "workers", "/workers",
            "worker", "/worker/" + fx.node(),
            "tasks", "/tasks",
            "task-failed", "/task/" + failed,
            "task-ok", "/task/" + ok,
            "queues", "/queues");
    for (var e : pages.entrySet()) {
      page.navigate(fx.url(e.getValue()));
      page.locator("#live-status")
          .waitFor(new Locator.WaitForOptions().setState(WaitForSelectorState.VISIBLE));
      assertThat(page.locator("h1")).not().hasCount(0);
      page.screenshot(
          new Page.ScreenshotOptions().setPath(out.resolve(e.getKey() + ".png")).setFullPage(true));
    }
    org.assertj.core.api.Assertions.assertThat(errors).as("script errors on the pages").isEmpty();
  }
}
