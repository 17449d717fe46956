package io.fennel.core.canvas;

import io.fennel.core.result.ResultBackend;
import io.fennel.core.result.memory.MemoryBackend;
import io.fennel.protocol.result.ResultRecord;
import java.time.Duration;
import java.util.Optional;

/** A result backend that stores results but cannot join chords, as Celery's rpc backend. */
final class NoJoinBackend implements ResultBackend {
  private final MemoryBackend inner;

  NoJoinBackend(MemoryBackend inner) {
    this.inner = inner;
  }

  @Override
  public String url() {
    return "rpc://";
  }

  @Override
  public void store(ResultRecord record, String replyTo) {
    inner.store(record, replyTo);
  }

  @Override
  public Optional<ResultRecord> get(String taskId) {
    return inner.get(taskId);
  }

  @Override
  public Optional<ResultRecord> await(String taskId, Duration timeout) throws InterruptedException {
    return inner.await(taskId, timeout);
  }

  @Override
  public void forget(String taskId) {}

  @Override
  public void close() {}
}
