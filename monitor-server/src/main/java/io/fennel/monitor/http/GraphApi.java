package io.fennel.monitor.http;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fennel.monitor.api.ApiError;
import io.fennel.monitor.api.ApiJson;
import io.fennel.monitor.api.Params;
import io.fennel.monitor.state.WorkflowGraph;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.util.Locale;

/**
 * {@code GET /api/task/graph/{id}}: the workflow a task belongs to, as the task page draws it:
 * {@code {root, nodes: [{id, name, state, worker, runtime, group}], edges: [{from, to, kind}]}},
 * kind being {@code parent} (the parent sent the child) or {@code chord} (header member -> body).
 */
final class GraphApi {
  private final ConsoleServices s;

  GraphApi(ConsoleServices services) {
    this.s = services;
  }

  void register(RoutesConfig r) {
    r.get("/api/task/graph/{id}", this::graph);
  }

  private void graph(Context ctx) {
    String id = ctx.pathParam("id");
    WorkflowGraph g =
        s.state()
            .graph(id)
            .orElseThrow(() ->
                ApiError.notFound(
                    "no task "
                        + Params.excerpt(id)
                        + " in the console's state (unknown, or evicted past --max-tasks)"));
    Http.json(ctx, json(g));
  }

  static ObjectNode json(WorkflowGraph g) {
    ObjectNode o = ApiJson.MAPPER.createObjectNode();
    o.put("root", g.root());
    ArrayNode nodes = o.putArray("nodes");
    for (WorkflowGraph.Node n : g.nodes()) {
      ObjectNode j = nodes.addObject();
      j.put("id", n.id());
      j.put("name", n.name());
      j.put("state", n.state() == null ? "PENDING" : n.state().name());
      j.put("worker", n.worker());
      if (n.runtime() == null) {
        j.putNull("runtime");
      } else {
        j.put("runtime", n.runtime());
      }
      j.put("group", n.group());
    }
    ArrayNode edges = o.putArray("edges");
    for (WorkflowGraph.Edge e : g.edges()) {
      edges
          .addObject()
          .put("from", e.from())
          .put("to", e.to())
          .put("kind", e.kind().name().toLowerCase(Locale.ROOT));
    }
    return o;
  }
}
