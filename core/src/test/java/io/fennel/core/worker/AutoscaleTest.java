package io.fennel.core.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.util.List;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;

/**
 * {@code --autoscale MAX,MIN}: the pool grows with the backlog and shrinks after its keepalive on
 * the injected clock; the {@code autoscale} command moves the bounds.
 */
class AutoscaleTest {

  @Test
  void givenABacklogThePoolGrowsToMaxAndWhenIdleItShrinksBackToMin() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    try (var h =
        new WorkerHarness(app ->
            app.register(
                "t.block",
                c -> {
                  release.await();
                  return 1;
                }))) {
      h.worker =
          h.app.worker(h.app.workerOptions("w1@%h", List.of()).withAutoscale(new Autoscale(4, 1)));
      Worker w = h.worker;
      w.start();
      assertThat(w.control().poolSize()).isEqualTo(1);
      for (int i = 0; i < 4; i++) {
        h.app.task("t.block").delay();
      }
      await().until(() -> w.pool().queued() == 3);
      h.time.advance(Autoscaler.PERIOD);
      assertThat(w.control().poolSize()).isEqualTo(4);
      await().until(() -> w.pool().running() == 4);
      release.countDown();
      await().until(() -> w.pool().running() == 0 && w.control().processed() == 4);
      h.time.advance(Autoscaler.PERIOD);
      assertThat(w.control().poolSize()).isEqualTo(4);
      h.time.advance(Autoscaler.KEEPALIVE);
      assertThat(w.control().poolSize()).isEqualTo(1);
    }
  }

  @Test
  void givenTheAutoscaleCommandThenTheBoundsChangeAndThePoolIsBroughtInsideThem() {
    try (var h = new WorkerHarness(app -> app.register("t.x", c -> 1))) {
      h.worker =
          h.app.worker(h.app.workerOptions("w1@%h", List.of()).withAutoscale(new Autoscale(4, 1)));
      h.worker.start();
      assertThat(h.worker.control().autoscale(8, 3)).isEqualTo(3);
      assertThat(h.worker.control().autoscaleBounds()).isEqualTo(new Autoscale(8, 3));
      assertThat(h.worker.control().autoscale(2, 2)).isEqualTo(2);
      assertThatThrownBy(() -> h.worker.control().autoscale(1, 2))
          .hasMessageContaining("min (2) must be <= max (1)");
    }
  }

  @Test
  void givenAutoscaleTextThenItParsesAsCeleryDoesOrNamesTheFix() {
    assertThat(Autoscale.parse("10,3")).isEqualTo(new Autoscale(10, 3));
    assertThat(Autoscale.parse("3,10")).isEqualTo(new Autoscale(10, 3));
    assertThat(Autoscale.parse("5")).isEqualTo(new Autoscale(5, 0));
    assertThatThrownBy(() -> Autoscale.parse("ten"))
        .hasMessageContaining("--autoscale 10,3")
        .hasMessageContaining("'ten'");
  }
}
