package io.fennel.it.browser;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;
import com.microsoft.playwright.options.RequestOptions;
import io.fennel.core.Fennel;
import io.fennel.core.beat.Beat;
import io.fennel.core.beat.BeatEntry;
import io.fennel.core.beat.BeatOptions;
import io.fennel.core.beat.BeatSender;
import io.fennel.core.beat.EntryState;
import io.fennel.core.beat.FileScheduleStore;
import io.fennel.core.time.SystemScheduler;
import io.fennel.monitor.Monitor;
import io.fennel.monitor.MonitorOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The Schedule page in a real browser, over a beat sending to a real worker: an entry in words,
 * run-now sending a task that the page links to, pause and resume through the store, the lag
 * metric, and a read-only console that shows and takes no action.
 */
@ExtendWith(BrowserSupport.class)
class ScheduleBrowserTest implements BrowserSupport.HasPage {
  static final Duration WAIT = Duration.ofSeconds(20);

  static Path dir;
  static Path storeFile;
  static Fennel consoleApp;
  static ConsoleFixture fx;
  static SystemScheduler beatClock;
  static FileScheduleStore beatStore;
  static Beat beat;
  static Playwright playwright;
  static Browser browser;
  BrowserContext context;
  Page page;

  @BeforeAll
  static void start() throws Exception {
    BrowserSupport.requireChromium();
    dir = Files.createTempDirectory("fennel-schedule-it");
    storeFile = dir.resolve("beat.json");
    consoleApp =
        Fennel.builder()
            .brokerUrl("memory://schedule-console-" + UUID.randomUUID())
            .set("beat_schedule_filename", storeFile.toString())
            .build();
    fx = new ConsoleFixture(b -> b.app(consoleApp));
    beatClock = new SystemScheduler("it-schedule-beat");
    beatStore = new FileScheduleStore(storeFile, Clock.systemUTC());
    BeatEntry hourly =
        BeatEntry.named("hourly-add")
            .task("demo.add")
            .every(Duration.ofHours(1))
            .args(2, 3)
            .build();
    beat =
        Beat.start(
            List.of(hourly),
            beatStore,
            BeatSender.of(fx.app),
            beatClock,
            BeatOptions.named("it-beat")
                .withPollInterval(Duration.ofMillis(200))
                .withLeaseTtl(Duration.ofSeconds(5)));
    await().atMost(WAIT).until(() -> !beatStore.definitions().isEmpty());
    playwright = Playwright.create();
    browser = BrowserSupport.launch(playwright);
  }

  @AfterAll
  static void stop() throws Exception {
    if (playwright != null) {
      playwright.close();
    }
    if (beat != null) {
      beat.close();
      beatClock.close();
    }
    if (fx != null) {
      fx.close();
      consoleApp.close();
    }
  }

  @BeforeEach
  void openPage() {
    context = browser.newContext();
    page = context.newPage();
    page.setDefaultTimeout(WAIT.toMillis());
  }

  @AfterEach
  void closePage() {
    context.close();
  }

  @Override
  public Page page() {
    return page;
  }

  private Locator row() {
    return page.locator("tr[data-entry='hourly-add']");
  }

  private EntryState state() {
    return beatStore.states(List.of("hourly-add")).get("hourly-add");
  }

  @Test
  void givenAnEntryWhenRunNowIsClickedThenItsTaskIsSentAndLinked() {
    page.navigate(fx.url("/schedule"));
    assertThat(page.locator("header nav a.current")).hasText("Schedule");
    assertThat(row().locator("td").nth(2)).hasText("every hour");
    long before = state().totalRuns();
    row().locator("[data-f=run-now]").click();
    assertThat(page.locator("#schedule-notice")).containsText("send hourly-add now");
    await().atMost(WAIT).until(() -> state().totalRuns() == before + 1);
    String id = state().lastTaskId();
    page.navigate(fx.url("/schedule"));
    Locator link = row().locator("[data-f=last-task] a");
    assertThat(link).hasText(id);
    assertThat(row().locator("[data-f=last-run]")).not().hasText("never");
    await()
        .atMost(WAIT)
        .until(() ->
            fx.monitor.state().task(id).map(t -> t.state().name()).orElse("").equals("SUCCESS"));
    link.click();
    page.waitForURL("**/task/" + id);
    assertThat(page.locator("main")).containsText("demo.add");
  }

  @Test
  void givenAnEntryWhenPausedAndResumedThenEveryBeatSeesItThroughTheStore() {
    page.navigate(fx.url("/schedule"));
    row().locator("[data-f=pause]").click();
    assertThat(page.locator("#schedule-notice")).containsText("hourly-add is paused");
    assertThat(row().locator("[data-f=next-run]")).hasText("paused");
    assertThat(state().paused()).isTrue();
    row().locator("[data-f=resume]").click();
    assertThat(page.locator("#schedule-notice")).containsText("resumed");
    assertThat(row().locator("[data-f=next-run]")).not().hasText("paused");
    assertThat(row().locator("[data-f=pause]")).isVisible();
    assertThat(state().paused()).isFalse();
  }

  @Test
  void givenTheConsoleWhenScrapedThenEachEntryHasALagMetric() {
    await()
        .atMost(WAIT)
        .until(() ->
            fx.monitor
                .metrics()
                .scrape()
                .contains("fennel_beat_entry_lag_seconds{entry=\"hourly-add\"}"));
  }

  @Test
  void givenAReadOnlyConsoleWhenTheScheduleIsShownThenNoActionIsOfferedOrTaken() {
    try (Monitor ro =
        Monitor.start(
            MonitorOptions.builder()
                .broker(fx.broker)
                .app(consoleApp)
                .port(0)
                .readOnly(true)
                .build())) {
      page.navigate("http://127.0.0.1:" + ro.port() + "/schedule");
      assertThat(row()).isVisible();
      assertThat(row().locator("[data-f=run-now]")).hasCount(0);
      var response =
          page.request()
              .post(
                  "http://127.0.0.1:" + ro.port() + "/api/schedule/hourly-add/pause",
                  RequestOptions.create());
      assertThat(response.status()).isEqualTo(403);
      assertThat(state().paused()).isFalse();
    }
  }
}
