package io.fennel.core.broker;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** A delivery handler for broker tests: keeps every delivery in arrival order and its thread. */
public final class RecordingHandler implements DeliveryHandler {
  private static final Duration WAIT = Duration.ofSeconds(10);

  public final List<Delivery> received = new CopyOnWriteArrayList<>();

  /** Deliveries not yet taken by {@link #next()}. */
  public final BlockingQueue<Delivery> pending = new LinkedBlockingQueue<>();

  public final BlockingQueue<String> threads = new LinkedBlockingQueue<>();

  @Override
  public void handle(Delivery delivery) {
    threads.add(Thread.currentThread().getName());
    received.add(delivery);
    pending.add(delivery);
  }

  /** The next delivery not yet taken, waiting up to 10 s for it. */
  public Delivery next() throws InterruptedException {
    Delivery delivery = pending.poll(WAIT.toSeconds(), TimeUnit.SECONDS);
    assertThat(delivery).as("a delivery within %s", WAIT).isNotNull();
    return delivery;
  }
}
