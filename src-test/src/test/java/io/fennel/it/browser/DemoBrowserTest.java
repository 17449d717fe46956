package io.fennel.it.browser;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;
import io.fennel.it.support.Proc;
import java.time.Duration;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A newcomer's first minutes: {@code fennel demo} in its own JVM serves the console within seconds
 * and shows succeeded, failed, retried and revoked tasks; SIGTERM stops it cleanly.
 */
@ExtendWith(BrowserSupport.class)
class DemoBrowserTest implements BrowserSupport.HasPage {
  static final Duration WAIT = Duration.ofSeconds(60);
  Page page;

  @Override
  public Page page() {
    return page;
  }

  @Test
  void theDemoShowsTasksOfEveryKindInTheBrowser() throws Exception {
    BrowserSupport.requireChromium();
    try (Proc demo = Proc.fennel("demo", Map.of(), "demo", "--port", "0", "--rate", "10");
        Playwright playwright = Playwright.create();
        Browser browser = BrowserSupport.launch(playwright);
        BrowserContext context = browser.newContext()) {
      Pattern url = Pattern.compile("console on (http://127\\.0\\.0\\.1:\\d+/)");
      String[] base = new String[1];
      await()
          .atMost(WAIT)
          .failFast("the demo exited:\n" + demo.output(), () -> !demo.isAlive())
          .until(() -> {
            Matcher m = url.matcher(demo.output());
            if (m.find()) {
              base[0] = m.group(1);
            }
            return base[0] != null;
          });
      page = context.newPage();
      page.setDefaultTimeout(WAIT.toMillis());
      page.navigate(base[0]);
      assertThat(page.locator("h1")).containsText("Overview");

      for (String state : new String[] {"SUCCESS", "FAILURE", "REVOKED"}) {
        await()
            .atMost(WAIT)
            .untilAsserted(() -> {
              page.navigate(base[0] + "tasks?state=" + state);
              assertThat(page.locator("#task-rows tr").first()).containsText(state);
            });
      }
      await()
          .atMost(WAIT)
          .untilAsserted(() -> {
            page.navigate(base[0] + "tasks?state=SUCCESS&name=demo.flaky");
            page.locator("#task-rows tr a").first().click();
            assertThat(page.locator("body")).containsText("task-retried");
          });
      page.navigate(base[0] + "workers");
      assertThat(page.locator("body")).containsText("alpha@demo");
      assertThat(page.locator("body")).containsText("gamma@demo");

      demo.terminate();
      assertThat(demo.waitFor(Duration.ofSeconds(30))).as(demo.output()).isZero();
      assertThat(demo.output()).contains("Fennel demo stopped.");
    }
  }
}
