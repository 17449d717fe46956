package io.fennel.core.worker;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fennel.core.broker.Delivery;
import io.fennel.core.broker.MessageProperties;
import io.fennel.core.task.Retry;
import io.fennel.core.task.TaskCall;
import io.fennel.core.task.TaskDefinition;
import io.fennel.core.task.TaskRegistry;
import io.fennel.protocol.PythonJson;
import io.fennel.protocol.task.TaskBody;
import io.fennel.protocol.task.TaskHeaders;
import io.fennel.protocol.task.TaskMessage;
import io.fennel.protocol.task.TaskMessageCodec;
import io.fennel.protocol.task.TaskProperties;
import java.io.FileDescriptor;
import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The inside of one process-pool child: it reads {@code run} frames from its parent worker, runs
 * each task (one at a time, on a thread of its own, with the same {@link
 * io.fennel.core.task.TaskContext} a thread pool gives), answers with a {@code done} frame, and
 * interrupts the task when the parent asks (soft time limit, revoke with terminate). It never talks
 * to the broker for the task it runs: the parent acknowledges and stores results.
 */
public final class ProcessChild {
  private final TaskRegistry registry;
  private final ChildFrames frames;
  private final AtomicReference<TaskRequest> current = new AtomicReference<>();

  private ProcessChild(TaskRegistry registry, ChildFrames frames) {
    this.registry = registry;
    this.frames = frames;
  }

  /**
   * Serves the parent on this JVM's real stdin and stdout until the parent closes stdin or says
   * {@code exit}. {@link System#out} is pointed at stderr first, so what tasks print cannot corrupt
   * the channel. Call it from the child's {@code main} once the app's tasks are registered.
   */
  public static void serveStdio(TaskRegistry registry) throws IOException {
    OutputStream out = new FileOutputStream(FileDescriptor.out);
    System.setOut(new PrintStream(new FileOutputStream(FileDescriptor.err), true));
    serve(registry, new FileInputStream(FileDescriptor.in), out);
  }

  /** Redirects {@link System#out} to stderr before anything logs (call first in a child main). */
  public static void protectStdout() {
    System.setOut(new PrintStream(new FileOutputStream(FileDescriptor.err), true));
  }

  /** Serves the parent over {@code in} and {@code out}. */
  public static void serve(TaskRegistry registry, InputStream in, OutputStream out)
      throws IOException {
    new ProcessChild(registry, new ChildFrames(in, out)).loop();
  }

  private void loop() throws IOException {
    ObjectNode ready = ChildFrames.frame("ready");
    ready.put("pid", ProcessHandle.current().pid());
    frames.write(ready);
    while (true) {
      ObjectNode f = frames.read();
      if (f == null) {
        return;
      }
      switch (f.get("op").asText()) {
        case "run" -> start(f);
        case "interrupt" -> interrupt(f);
        case "exit" -> {
          return;
        }
        default -> System.err.println("fennel child: unknown frame " + f.get("op"));
      }
    }
  }

  private void interrupt(ObjectNode f) {
    TaskRequest r = current.get();
    if (r == null || !r.id().equals(f.path("id").asText())) {
      return;
    }
    if (f.hasNonNull("signum")) {
      r.terminate(f.get("signum").asInt());
    } else {
      r.softLimitExceeded();
    }
  }

  private void start(ObjectNode f) throws IOException {
    String id = f.path("id").asText();
    TaskHeaders headers = TaskMessageCodec.headersFromJson("headers", f.get("headers"));
    TaskDefinition def = registry.find(headers.task()).orElse(null);
    if (def == null) {
      ObjectNode done = done(id, "failure");
      done.set(
          "failure",
          failure(
              TaskFailure.of(
                  new IllegalStateException(
                      "task "
                          + headers.task()
                          + " is not registered in the process-pool child; its app must register"
                          + " the same tasks (load it by class name with a no-arg constructor)"),
                  false)));
      frames.write(done);
      return;
    }
    TaskMessage m =
        new TaskMessage(
            TaskProperties.forTask(id, null),
            headers,
            new TaskBody((ArrayNode) f.get("args"), (ObjectNode) f.get("kwargs"), null));
    JsonNode d = f.path("delivery");
    TaskRequest r =
        new TaskRequest(
            m,
            new LocalDelivery(
                d.path("exchange").asText(""),
                d.path("routing_key").asText(""),
                d.path("queue").asText(""),
                d.path("redelivered").asBoolean()),
            def,
            Instant.now());
    current.set(r);
    String hostname = f.path("hostname").asText();
    Thread.ofPlatform()
        .name("fennel-child-task")
        .start(() -> {
          ObjectNode reply = runBody(r, def, hostname);
          current.set(null);
          try {
            frames.write(reply);
          } catch (IOException e) {
            System.err.println("fennel child: cannot answer the parent: " + e);
            System.exit(3);
          }
        });
  }

  private ObjectNode runBody(TaskRequest r, TaskDefinition def, String hostname) {
    r.started(Instant.now(), Thread.currentThread());
    try {
      Object value =
          def.handler()
              .run(
                  new TaskCall(
                      r.message().body().args(),
                      r.message().body().kwargs(),
                      new RunningTaskContext(r, hostname)));
      ObjectNode done = done(r.id(), "success");
      done.set("result", PythonJson.MAPPER.valueToTree(value));
      return done;
    } catch (Retry retry) {
      ObjectNode done = done(r.id(), "retry");
      if (retry.countdown() != null) {
        done.put("countdown_ms", retry.countdown().toMillis());
      }
      if (retry.maxRetries() != null) {
        done.put("max_retries", retry.maxRetries());
      }
      if (retry.reason() != null) {
        done.set("reason", failure(TaskFailure.of(retry.reason(), true)));
      }
      done.put("traceback", TaskFailure.traceback(retry));
      return done;
    } catch (Throwable t) {
      ObjectNode done = done(r.id(), "failure");
      done.set("failure", failure(TaskFailure.of(t, false)));
      done.put("autoretry", def.options().autoretries(t));
      return done;
    } finally {
      r.finished();
    }
  }

  private static ObjectNode done(String id, String status) {
    ObjectNode o = ChildFrames.frame("done");
    o.put("id", id);
    o.put("status", status);
    return o;
  }

  static ObjectNode failure(TaskFailure f) {
    ObjectNode o = PythonJson.MAPPER.createObjectNode();
    o.put("type", f.excType());
    o.put("message", f.excMessage());
    o.put("module", f.excModule());
    o.put("traceback", f.traceback());
    return o;
  }

  static TaskFailure failure(JsonNode o, boolean retryable) {
    return new TaskFailure(
        o.path("type").asText(),
        o.path("message").asText(),
        o.path("module").asText(),
        o.path("traceback").asText(null),
        retryable);
  }

  /** The delivery a child's task sees: its broker details; settling it is the parent's job. */
  private record LocalDelivery(
      String exchange, String routingKey, String queue, boolean redelivered) implements Delivery {
    @Override
    public MessageProperties properties() {
      throw new UnsupportedOperationException("a process-pool child has no message properties");
    }

    @Override
    public byte[] body() {
      return new byte[0];
    }

    @Override
    public void ack() {}

    @Override
    public void reject(boolean requeue) {}
  }
}
