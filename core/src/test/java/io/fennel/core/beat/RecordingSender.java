package io.fennel.core.beat;

import io.fennel.core.producer.SendOptions;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/** A {@link BeatSender} for tests: keeps every send with the instant it happened. */
final class RecordingSender implements BeatSender {
  /** One send. */
  record Sent(String task, List<Object> args, Map<String, Object> kwargs, SendOptions options) {}

  final List<Sent> sent = new CopyOnWriteArrayList<>();
  volatile int failNext;

  @Override
  public void send(String task, List<Object> args, Map<String, Object> kwargs, SendOptions o) {
    if (failNext > 0) {
      failNext--;
      throw new IllegalStateException("broker away");
    }
    sent.add(new Sent(task, args, kwargs, o));
  }

  List<String> ids() {
    return sent.stream().map(s -> s.options().taskId()).toList();
  }
}
