package io.fennel.it.browser;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static io.fennel.core.canvas.Canvas.chain;
import static io.fennel.core.canvas.Canvas.chord;
import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;
import com.microsoft.playwright.assertions.LocatorAssertions;
import io.fennel.core.result.AsyncResult;
import io.fennel.monitor.state.WorkflowGraph;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** A chord's workflow graph on the task page, filling in live as its tasks run. */
@ExtendWith(BrowserSupport.class)
class WorkflowGraphBrowserTest implements BrowserSupport.HasPage {
  static final Duration WAIT = Duration.ofSeconds(30);
  static final LocatorAssertions.HasCountOptions SLOW_COUNT =
      new LocatorAssertions.HasCountOptions().setTimeout(WAIT.toMillis());
  static final LocatorAssertions.HasAttributeOptions SLOW_ATTR =
      new LocatorAssertions.HasAttributeOptions().setTimeout(WAIT.toMillis());

  static ConsoleFixture fx;
  static Playwright playwright;
  static Browser browser;
  BrowserContext context;
  Page page;

  @BeforeAll
  static void startConsole() {
    BrowserSupport.requireChromium();
    fx = new ConsoleFixture(b -> b);
    playwright = Playwright.create();
    browser = BrowserSupport.launch(playwright);
  }

  @AfterAll
  static void stopConsole() {
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
  }

  @AfterEach
  void closePage() {
    context.close();
  }

  @Override
  public Page page() {
    return page;
  }

  @Test
  void aChordsTaskPageDrawsItsWorkflowAndFillsItInLiveWithoutAReload() {
    var add = fx.app.task("demo.add");
    AsyncResult body =
        chain(
                fx.app.task("demo.sleep").s(1),
                chord(List.of(add.s(1), add.s(2)), fx.app.task("demo.tsum").s()))
            .applyAsync();
    String first = body.parent().orElseThrow().parent().orElseThrow().id();
    org.awaitility.Awaitility.await()
        .atMost(WAIT)
        .until(() -> fx.monitor.state().task(first).isPresent());

    page.navigate(fx.url("/task/" + first));
    page.evaluate("() => { window.__sameDocument = true; }");

    var nodes = page.locator("#workflow-graph a.wf-node");
    assertThat(nodes).hasCount(4, SLOW_COUNT);
    assertThat(page.locator("#workflow")).isVisible();
    assertThat(page.locator("#workflow-graph a.wf-node[data-id='" + body.id() + "']"))
        .hasAttribute("data-state", "SUCCESS", SLOW_ATTR);
    assertThat(page.locator("#workflow-graph a.wf-node[data-id='" + first + "']"))
        .hasAttribute("data-state", "SUCCESS", SLOW_ATTR);
    assertThat(page.locator("#workflow-graph line.wf-edge-chord")).hasCount(2, SLOW_COUNT);
    assertThat(page.evaluate("() => window.__sameDocument === true")).isEqualTo(true);
    assertThat(body.get(WAIT).asInt()).isEqualTo(5);

    var api =
        io.fennel.protocol.PythonJson.read(
            "graph", page.request().get(fx.url("/api/task/graph/" + body.id())).text());
    assertThat(api.get("root").asText()).isEqualTo(first);
    assertThat(api.get("nodes")).hasSize(4);
    assertThat(api.get("nodes").get(3).get("state").asText()).isEqualTo("SUCCESS");
    assertThat(api.get("nodes").get(3).get("worker").asText()).isEqualTo(fx.node());
    assertThat(api.get("nodes").get(3).get("runtime").isNumber()).isTrue();
    assertThat(api.get("edges").toString()).contains("\"kind\":\"chord\"", "\"kind\":\"parent\"");
    var info =
        io.fennel.protocol.PythonJson.read(
            "info", page.request().get(fx.url("/api/task/info/" + body.id())).text());
    assertThat(info.get("root_id").asText()).isEqualTo(first);
    assertThat(info.get("parent_id").isTextual()).isTrue();
    var firstInfo =
        io.fennel.protocol.PythonJson.read(
            "info", page.request().get(fx.url("/api/task/info/" + first)).text());
    assertThat(firstInfo.get("children")).hasSize(2);

    WorkflowGraph g = fx.monitor.state().graph(body.id()).orElseThrow();
    assertThat(g.root()).isEqualTo(first);
    assertThat(g.edges()).hasSize(4);
  }
}
