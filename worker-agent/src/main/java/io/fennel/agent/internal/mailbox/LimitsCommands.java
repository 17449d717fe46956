package io.fennel.agent.internal.mailbox;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fennel.core.config.FennelConfig;

/**
 * Fennel's inspect extension {@value #METHOD}: the rate and time limits in force per registered
 * task, the worker's defaults and its pool size, for the console's Limits section. Celery's tools
 * never call it (it is not one of their inspect methods), and a Celery worker answers it as an
 * unknown command, which the console shows as "not reported".
 */
final class LimitsCommands {
  /** The inspect method's name. */
  static final String METHOD = "fennel_limits";

  private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

  private final WorkerPort worker;

  LimitsCommands(WorkerPort worker) {
    this.worker = worker;
  }

  ObjectNode limits() {
    ObjectNode out = JSON.objectNode();
    FennelConfig config = worker.config();
    ObjectNode defaults = out.putObject("defaults");
    defaults.put("rate_limit", config.taskDefaultRateLimit());
    putSeconds(defaults, "soft_time_limit", config.taskSoftTimeLimit());
    putSeconds(defaults, "time_limit", config.taskTimeLimit());
    ObjectNode pool = out.putObject("pool");
    pool.put("size", worker.poolSize());
    pool.put("type", worker.poolType().toString().toLowerCase(java.util.Locale.ROOT));
    ObjectNode tasks = out.putObject("tasks");
    for (String name : worker.taskNames()) {
      ObjectNode t = tasks.putObject(name);
      var rate = worker.rateLimit(name);
      t.put("rate_limit", rate == null || !rate.limited() ? null : rate.text());
      Double[] time = worker.timeLimit(name);
      putSeconds(t, "soft_time_limit", time[0]);
      putSeconds(t, "time_limit", time[1]);
    }
    return out;
  }

  private static void putSeconds(ObjectNode o, String field, Number seconds) {
    if (seconds == null) {
      o.putNull(field);
    } else {
      o.put(field, seconds.doubleValue());
    }
  }
}
