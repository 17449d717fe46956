package io.fennel.core.beat;

import io.fennel.core.Fennel;
import io.fennel.core.producer.SendOptions;
import java.util.List;
import java.util.Map;

/** How a beat sends one run: by name, as Celery's {@code send_task}, through an app's producer. */
@FunctionalInterface
public interface BeatSender {
  /** Sends {@code task} with these arguments and options (the options carry the task id). */
  void send(String task, List<Object> args, Map<String, Object> kwargs, SendOptions options);

  /** Sends through {@code app}: ordinary protocol-v2 task messages any worker runs. */
  static BeatSender of(Fennel app) {
    return (task, args, kwargs, options) -> app.sendTask(task, args, kwargs, options);
  }
}
