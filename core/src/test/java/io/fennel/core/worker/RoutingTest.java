package io.fennel.core.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fennel.core.config.FennelConfig;
import io.fennel.core.config.TaskRoute;
import io.fennel.core.error.ConfigException;
import io.fennel.core.producer.SendOptions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RoutingTest {
  private static final Duration WAIT = Duration.ofSeconds(10);

  @Test
  void routesSendTasksByNameOrGlobToTheirQueueAndTheWorkerConsumingIt() throws Exception {
    try (var h =
        new WorkerHarness(
            app -> {
              app.register("billing.invoice", c -> c.context().deliveryInfo().queue());
              app.register("billing.refund", c -> c.context().deliveryInfo().queue());
              app.register("feeds.fetch", c -> c.context().deliveryInfo().queue());
              app.register("plain", c -> c.context().deliveryInfo().queue());
            },
            c -> c.taskRoute("billing.*", "billing").taskRoute("feeds.fetch", "feeds"))) {
      Worker w =
          h.app.worker(h.app.workerOptions("multi@%h", List.of("celery", "billing", "feeds")));
      h.worker = w;
      w.start();
      assertThat(h.app.task("billing.invoice").delay().get(WAIT).asText()).isEqualTo("billing");
      assertThat(h.app.task("billing.refund").delay().get(WAIT).asText()).isEqualTo("billing");
      assertThat(h.app.task("feeds.fetch").delay().get(WAIT).asText()).isEqualTo("feeds");
      assertThat(h.app.task("plain").delay().get(WAIT).asText()).isEqualTo("celery");
      assertThat(
              h.app
                  .task("billing.invoice")
                  .applyAsync(List.of(), Map.of(), SendOptions.builder().queue("celery").build())
                  .get(WAIT)
                  .asText())
          .as("an explicit queue wins over the route")
          .isEqualTo("celery");
    }
  }

  @Test
  void aRouteThroughAnExchangeUsesItsRoutingKey() throws Exception {
    try (var h =
        new WorkerHarness(
            app -> app.register("media.resize", c -> c.context().deliveryInfo().routingKey()),
            c -> c.taskRoute("media.*", "media", "media-exchange", "media.resize"))) {
      h.start("media");
      assertThat(h.app.task("media.resize").delay().get(WAIT).asText()).isEqualTo("media.resize");
    }
  }

  @Test
  void aWorkerGivenNoQueuesConsumesTaskQueuesAndCanAddAndCancelConsumersAtRuntime()
      throws Exception {
    try (var h =
        new WorkerHarness(
            app -> app.register("t.where", c -> c.context().deliveryInfo().queue()),
            c -> c.taskQueues(List.of("celery", "extra")))) {
      Worker w = h.start();
      assertThat(w.control().queues()).containsExactlyInAnyOrder("celery", "extra");
      assertThat(w.control().cancelConsumer("extra")).isTrue();
      assertThat(w.control().queues()).containsExactly("celery");
      assertThat(w.control().addConsumer("late")).isTrue();
      assertThat(
              h.app
                  .task("t.where")
                  .applyAsync(List.of(), Map.of(), SendOptions.builder().queue("late").build())
                  .get(WAIT)
                  .asText())
          .isEqualTo("late");
    }
  }

  @Test
  void routesAreReadFromSettingsText() {
    FennelConfig c =
        FennelConfig.builder()
            .set("task_routes", "billing.*:billing, media.*:media:media-x:resize")
            .set("task_queues", "celery,billing")
            .build();
    assertThat(c.routeFor("billing.pay"))
        .contains(new TaskRoute("billing.*", "billing", null, null));
    assertThat(c.routeFor("media.crop"))
        .contains(new TaskRoute("media.*", "media", "media-x", "resize"));
    assertThat(c.routeFor("other")).isEmpty();
    assertThat(c.taskQueues()).containsExactly("celery", "billing");
    assertThatThrownBy(() -> FennelConfig.builder().set("task_routes", "billing.*"))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("'billing.*'");
  }
}
