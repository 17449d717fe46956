package io.fennel.monitor.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fennel.protocol.control.Query;

/**
 * The remote-control commands the console's API sends to workers. Each returns what the workers
 * answered, as JSON ({@code {"<node>": {"ok": "..."}}} when the implementation waits for replies,
 * or a note that the command was sent when it doesn't). A null {@code worker} means every worker.
 *
 * <p>{@link ControlWorkerCommands} builds each as its typed {@code
 * io.fennel.protocol.control.Command} (so argument names and forms are spelt once, in the
 * protocol), sends it through the worker agent's {@code Control} client and collects the replies;
 * tests may pass their own.
 */
public interface WorkerCommands {

  /** Revokes a task everywhere; {@code terminate} also kills it if running, with {@code signal}. */
  JsonNode revoke(String taskId, boolean terminate, String signal);

  /** Sets the rate limit of a task type ({@code 10/s}, {@code 100/m}, {@code 0} = none). */
  JsonNode rateLimit(String worker, String taskName, String rate);

  /** Sets the soft and hard time limits of a task type, in seconds (null: unchanged). */
  JsonNode timeLimit(String worker, String taskName, Double soft, Double hard);

  /** Shuts a worker down (warm). */
  JsonNode shutdown(String worker);

  /** Adds {@code n} processes or threads to a worker's pool. */
  JsonNode poolGrow(String worker, int n);

  /** Removes {@code n} processes or threads from a worker's pool. */
  JsonNode poolShrink(String worker, int n);

  /** Sets a worker's autoscale bounds. */
  JsonNode autoscale(String worker, int max, int min);

  /** Makes a worker consume one more queue. */
  JsonNode addConsumer(String worker, String queue);

  /** Makes a worker stop consuming a queue. */
  JsonNode cancelConsumer(String worker, String queue);

  /**
   * Asks one worker an inspect question ({@code active}, {@code reserved}, {@code registered},
   * {@code active_queues}, {@code stats}, {@code conf}, ...) with Celery's arguments ({@code args}
   * may be null) and returns the worker's own reply payload, what {@code celery inspect <method> -d
   * <worker> -j} prints under the node name. When the worker did not answer in time: {@code
   * {"error": "..."}}.
   */
  JsonNode inspect(String worker, String method, ObjectNode args);

  /** Asks one worker (or every worker, {@code worker} null) a typed query; see above. */
  default JsonNode inspect(String worker, Query query) {
    return inspect(worker, query.method(), query.toArguments());
  }

  /** Asks every worker to send a heartbeat now (so a new console sees them at once). */
  JsonNode heartbeat();
}
