package io.fennel.example.spring;

import io.fennel.core.task.Task;
import io.fennel.core.task.TaskContext;
import java.util.concurrent.atomic.AtomicLong;
import org.springframework.stereotype.Component;

/**
 * The sample's tasks, a Spring bean like any other: the embedded worker (profile {@code worker})
 * runs them for any client, a Python Celery one included.
 */
@Component
public class DemoTasks {
  private final AtomicLong ran = new AtomicLong();

  @Task(name = "demo.add")
  public long add(long x, long y) {
    ran.incrementAndGet();
    return x + y;
  }

  @Task(name = "demo.mul")
  public long mul(long x, long y) {
    ran.incrementAndGet();
    return x * y;
  }

  /** Says which worker ran it, so a caller can see where its task went. */
  @Task(name = "demo.where")
  public String where(TaskContext ctx) {
    ran.incrementAndGet();
    return ctx.hostname();
  }

  /** How many tasks this application's worker has run. */
  public long ran() {
    return ran.get();
  }
}
