package io.fennel.it.browser;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserType;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.extension.AfterTestExecutionCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Headless Chromium for the console's browser tests, and the extension that saves a screenshot of a
 * failing test's page to {@code target/screenshots/<class>.<test>.png}. It hooks {@link
 * AfterTestExecutionCallback} rather than TestWatcher, because TestWatcher runs after
 * {@code @AfterEach} has closed the page.
 */
final class BrowserSupport implements AfterTestExecutionCallback {
  static final Path CHROMIUM = Paths.get("/usr/bin/chromium");

  /** A test class that has a page to capture. */
  interface HasPage {
    Page page();
  }

  static Browser launch(Playwright playwright) {
    return playwright
        .chromium()
        .launch(
            new BrowserType.LaunchOptions()
                .setExecutablePath(CHROMIUM)
                .setHeadless(true)
                .setArgs(
                    List.of(
                        "--no-sandbox",
                        "--disable-gpu",
                        "--disable-background-networking",
                        "--disable-component-update",
                        "--no-first-run",
                        "--disable-sync")));
  }

  /** Skips (or, in CI with FENNEL_REQUIRE_BROKERS=1, fails) when Chromium is not installed. */
  static void requireChromium() {
    if (Files.isExecutable(CHROMIUM)) {
      return;
    }
    String message =
        "Chromium is not installed at " + CHROMIUM + "; install it with `apt-get install chromium`";
    if ("1".equals(System.getenv("FENNEL_REQUIRE_BROKERS"))) {
      throw new AssertionError(message);
    }
    Assumptions.abort(message);
  }

  @Override
  public void afterTestExecution(ExtensionContext context) throws Exception {
    if (context.getExecutionException().isEmpty()) {
      return;
    }
    Object test = context.getRequiredTestInstance();
    if (test instanceof HasPage p && p.page() != null && !p.page().isClosed()) {
      Path dir = Paths.get("target", "screenshots");
      Files.createDirectories(dir);
      p.page()
          .screenshot(
              new Page.ScreenshotOptions()
                  .setPath(
                      dir.resolve(
                          context.getRequiredTestClass().getSimpleName()
                              + "."
                              + context.getRequiredTestMethod().getName()
                              + ".png"))
                  .setFullPage(true));
    }
  }
}
