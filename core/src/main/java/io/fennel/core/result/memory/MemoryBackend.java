package io.fennel.core.result.memory;

import io.fennel.core.result.ResultBackend;
import io.fennel.protocol.result.ResultRecord;
import io.fennel.protocol.state.TaskState;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/** Results held in this JVM, for tests and the demo; waiting uses monitors, never polling. */
public final class MemoryBackend implements ResultBackend {
  private final String url;
  private final ConcurrentMap<String, ResultRecord> records = new ConcurrentHashMap<>();
  private final Object changed = new Object();
  private final MemoryTasksetStore tasksets = new MemoryTasksetStore();

  public MemoryBackend(String url) {
    this.url = url;
  }

  @Override
  public String url() {
    return url;
  }

  @Override
  public void store(ResultRecord record, String replyTo) {
    records.put(record.taskId(), record);
    synchronized (changed) {
      changed.notifyAll();
    }
  }

  @Override
  public Optional<ResultRecord> get(String taskId) {
    return Optional.ofNullable(records.get(taskId));
  }

  @Override
  public Optional<ResultRecord> await(String taskId, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    synchronized (changed) {
      while (true) {
        ResultRecord r = records.get(taskId);
        if (r != null && TaskState.fromWire(r.status()).map(TaskState::ready).orElse(false)) {
          return Optional.of(r);
        }
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          return Optional.ofNullable(r);
        }
        changed.wait(Math.max(1, left / 1_000_000));
      }
    }
  }

  /** Every record held, in no particular order. */
  public java.util.List<ResultRecord> all() {
    return java.util.List.copyOf(records.values());
  }

  @Override
  public Optional<io.fennel.core.result.TasksetStore> tasksets() {
    return Optional.of(tasksets);
  }

  @Override
  public void forget(String taskId) {
    records.remove(taskId);
  }

  @Override
  public void close() {}
}
