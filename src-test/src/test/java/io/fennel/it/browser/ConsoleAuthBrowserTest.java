package io.fennel.it.browser;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;
import com.microsoft.playwright.Response;
import io.fennel.core.producer.SendOptions;
import io.fennel.monitor.state.TaskView;
import io.fennel.protocol.state.TaskState;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Logging in with basic auth, and a read-only console refusing every action from a browser. */
@ExtendWith(BrowserSupport.class)
class ConsoleAuthBrowserTest implements BrowserSupport.HasPage {
  static final Duration WAIT = Duration.ofSeconds(20);
  static final String USER = "admin";
  static final String PASS = "s3cret-pass";

  static Playwright playwright;
  static Browser browser;
  ConsoleFixture fx;
  BrowserContext context;
  Page page;

  @BeforeAll
  static void startBrowser() {
    BrowserSupport.requireChromium();
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
  void stop() throws Exception {
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

  private void login() {
    context = browser.newContext(new Browser.NewContextOptions().setHttpCredentials(USER, PASS));
    page = context.newPage();
    page.setDefaultTimeout(WAIT.toMillis());
    page.onDialog(d -> d.accept());
  }

  private String doneTask() {
    String id =
        fx.app.sendTask("demo.add", List.of(1, 1), Map.of(), SendOptions.builder().build()).id();
    await()
        .atMost(WAIT)
        .until(() ->
            fx.monitor.state().task(id).map(TaskView::state).orElse(null) == TaskState.SUCCESS);
    return id;
  }

  @Test
  void basicAuthLetsTheOperatorInAndActs() {
    fx = new ConsoleFixture(b -> b.basicAuth(USER + ":" + PASS));
    try (BrowserContext anonymous = browser.newContext()) {
      var r = anonymous.request().get(fx.url("/"));
      assertThat(r.status()).isEqualTo(401);
      assertThat(r.headers().get("www-authenticate")).startsWith("Basic");
    }
    login();
    Response r = page.navigate(fx.url("/"));
    assertThat(r.status()).isEqualTo(200);
    assertThat(page.locator("#live-status")).hasText("live");
    assertThat(page.locator("#banner-no-auth")).hasCount(0);
    String id = doneTask();
    page.navigate(fx.url("/task/" + id));
    page.locator("#btn-revoke").click();
    assertThat(page.locator("#toast")).containsText("Done");
  }

  @Test
  void readOnlyHidesEveryActionAndRefusesAForgedPost() {
    fx = new ConsoleFixture(b -> b.basicAuth(USER + ":" + PASS).readOnly(true));
    login();
    String id = doneTask();
    page.navigate(fx.url("/task/" + id));
    assertThat(page.locator("#banner-read-only")).isVisible();
    assertThat(page.locator("#task-state")).hasText("SUCCESS");
    assertThat(page.locator("form[data-action], button")).hasCount(0);
    page.navigate(fx.url("/worker/" + fx.node()));
    assertThat(page.locator("#worker-actions")).hasCount(0);
    assertThat(page.locator("#rate-limit-form")).hasCount(0);
    Object result =
        page.evaluate(
            "async (id) => { const r = await fetch('/api/task/revoke/' + id, {method: 'POST',"
                + " headers: {'X-CSRF-Token':"
                + " document.querySelector('meta[name=csrf-token]').content}}); return r.status +"
                + " ' ' + await r.text(); }",
            id);
    assertThat(String.valueOf(result)).startsWith("403").contains("read-only mode");
    var viaApi = page.request().post(fx.url("/api/worker/shutdown/" + fx.node()));
    assertThat(viaApi.status()).isEqualTo(403);
  }
}
