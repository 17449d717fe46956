package io.fennel.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.fennel.core.Fennel;
import io.fennel.core.result.AsyncResult;
import io.fennel.core.result.TaskFailedException;
import io.fennel.core.result.TaskTimeoutException;
import io.fennel.protocol.PythonJson;
import io.fennel.protocol.result.ResultNotes;
import io.fennel.protocol.result.ResultRecord;
import io.fennel.protocol.state.TaskState;
import java.io.PrintWriter;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/**
 * {@code fennel result ID}: prints a task's state and, once it is ready, its result as JSON (exit
 * 0) or its exception and traceback (exit 1). An id nobody stored anything for is PENDING. A record
 * another client wrote (celery-node) is read as Python Celery reads it, with a note on stderr for
 * what could not be interpreted.
 */
@Command(
    name = "result",
    description = {
      "Show a task's state and result.",
      "Prints 'state: S' then the result as JSON; a failed task's exception goes to stderr and",
      "the exit code is 1."
    },
    mixinStandardHelpOptions = true)
final class ResultCommand implements Callable<Integer> {
  @ParentCommand FennelCommand root;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Mixin BrokerOptions brokerOptions;

  @Parameters(index = "0", paramLabel = "ID", description = "The task id.")
  String id;

  @Option(
      names = "--timeout",
      paramLabel = "S",
      defaultValue = "0",
      description = "Wait up to S seconds for the task to finish. Default: do not wait.")
  double timeout;

  @Override
  public Integer call() throws JsonProcessingException {
    if (timeout < 0) {
      throw new IllegalArgumentException("--timeout must not be negative, was " + timeout);
    }
    PrintWriter out = spec.commandLine().getOut();
    try (Fennel app = brokerOptions.app(root.environment())) {
      if (app.config().resultBackend() == null) {
        throw new IllegalArgumentException(
            "no result backend is configured, so results cannot be read; pass --result-backend"
                + " (e.g. redis://localhost:6379/1) or set FENNEL_RESULT_BACKEND");
      }
      AsyncResult result = app.asyncResult(id);
      if (timeout > 0) {
        try {
          result.get(CallCommand.seconds(timeout));
        } catch (TaskFailedException | TaskTimeoutException e) {
          // shown below from the stored record
        }
      }
      Optional<ResultRecord> record = result.record();
      String status = record.map(ResultRecord::status).orElse("PENDING");
      out.println("state: " + status);
      if (record.isEmpty()) {
        out.flush();
        return 0;
      }
      ResultRecord r = record.get();
      for (String note : ResultNotes.of(r)) {
        spec.commandLine().getErr().println("note: " + note);
      }
      spec.commandLine().getErr().flush();
      TaskState state = TaskState.fromWire(status).orElse(TaskState.STARTED);
      if (state == TaskState.FAILURE || state == TaskState.REVOKED) {
        out.flush();
        try {
          result.get(java.time.Duration.ZERO);
        } catch (TaskFailedException e) {
          CallCommand.printFailure(spec.commandLine().getErr(), e);
        }
        return 1;
      }
      if (r.result() != null && !r.result().isNull() || state == TaskState.SUCCESS) {
        out.println(PythonJson.MAPPER.writeValueAsString(r.result()));
      }
      out.flush();
      return 0;
    }
  }
}
