package io.fennel.monitor.pages;

import com.fasterxml.jackson.databind.node.ArrayNode;
import io.fennel.monitor.api.ApiJson;
import io.fennel.monitor.api.Params;
import io.fennel.monitor.state.ClusterState;
import io.fennel.monitor.state.TaskQuery;
import io.fennel.monitor.state.TaskView;

/**
 * What the timeline page starts from: the newest tasks that reached a worker (at most {@link
 * Params#MAX_LIMIT}) as compact rows {@code [id, name, worker, received, started, ended, state,
 * retried]}; the page then follows task events on the stream.
 *
 * @param chrome the frame
 * @param tasks the JSON rows
 */
public record TimelinePage(PageChrome chrome, String tasks) {

  /** The rows for the page, from {@code state}. */
  static String rows(ClusterState state) {
    ArrayNode out = ApiJson.MAPPER.createArrayNode();
    for (TaskView t :
        state.tasks(new TaskQuery(Params.MAX_LIMIT, 0, null, null, null, null, null, null, null))) {
      if (t.worker() == null || t.received() == null && t.started() == null) {
        continue;
      }
      ArrayNode r = out.addArray();
      r.add(t.uuid());
      r.add(t.name());
      r.add(t.worker());
      r.add(t.received());
      r.add(t.started());
      r.add(ended(t));
      r.add(t.state() == null ? "PENDING" : t.state().name());
      r.add(t.retried());
    }
    return ApiJson.write(out);
  }

  private static Double ended(TaskView t) {
    Double e = null;
    for (Double d : new Double[] {t.succeeded(), t.failed(), t.revoked(), t.rejected()}) {
      if (d != null && (e == null || d > e)) {
        e = d;
      }
    }
    return e;
  }
}
