package io.fennel.spring;

import io.fennel.core.task.Task;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;

/** A task for shutdown tests that runs until the test releases it, and says how it ended. */
public class BlockingTasks {
  final CountDownLatch started = new CountDownLatch(1);
  final CountDownLatch release = new CountDownLatch(1);
  final AtomicReference<String> ending = new AtomicReference<>("not run");

  @Task(name = "spring.block")
  public String block() {
    started.countDown();
    try {
      release.await();
      ending.set("finished");
      return "done";
    } catch (InterruptedException e) {
      ending.set("interrupted");
      Thread.currentThread().interrupt();
      return "interrupted";
    }
  }
}
