package io.fennel.example.spring;

import com.fasterxml.jackson.databind.JsonNode;
import io.fennel.core.Fennel;
import io.fennel.core.TaskRef;
import io.fennel.core.producer.SendOptions;
import io.fennel.core.result.AsyncResult;
import io.fennel.protocol.PythonJson;
import io.fennel.protocol.result.ResultRecord;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The sample's web endpoints: send any task by name ({@code POST /api/tasks/{name}} with {@code
 * {"args": [..], "kwargs": {..}}} and an optional {@code ?queue=}), send {@code demo.add} through
 * its {@link TaskRef} ({@code GET /api/add?x=2&y=3}), and read a task's state and result ({@code
 * GET /api/tasks/{id}}). Each answer says what was sent: the task id, name and queue.
 */
@RestController
@RequestMapping("/api")
class TaskController {
  private final Fennel fennel;
  private final TaskRef addTask;

  TaskController(Fennel fennel, TaskRef addTask) {
    this.fennel = fennel;
    this.addTask = addTask;
  }

  /** A task's arguments as JSON: {@code {"args": [2, 3], "kwargs": {}}}; both may be left out. */
  record SendRequest(List<Object> args, Map<String, Object> kwargs) {}

  @PostMapping("/tasks/{name}")
  Map<String, Object> send(
      @PathVariable String name,
      @RequestBody(required = false) SendRequest body,
      @RequestParam(required = false) String queue) {
    SendOptions options =
        queue == null || queue.isBlank()
            ? SendOptions.NONE
            : SendOptions.builder().queue(queue).build();
    List<Object> args = body == null || body.args() == null ? List.of() : body.args();
    Map<String, Object> kwargs = body == null || body.kwargs() == null ? Map.of() : body.kwargs();
    AsyncResult sent = fennel.sendTask(name, args, kwargs, options);
    return sent(sent.id(), name, queue);
  }

  @GetMapping("/add")
  Map<String, Object> add(@RequestParam long x, @RequestParam long y) {
    return sent(addTask.delay(x, y).id(), addTask.name(), null);
  }

  @GetMapping("/tasks/{id}")
  Map<String, Object> result(@PathVariable String id) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("id", id);
    ResultRecord r = fennel.asyncResult(id).record().orElse(null);
    out.put("state", r == null ? "PENDING" : r.status());
    if (r != null && r.result() != null) {
      out.put("result", plain(r.result()));
    }
    if (r != null && r.traceback() != null) {
      out.put("traceback", r.traceback());
    }
    return out;
  }

  private Map<String, Object> sent(String id, String name, String queue) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("id", id);
    out.put("task", name);
    out.put(
        "queue",
        queue == null
            ? "(routed: task_routes or " + fennel.config().taskDefaultQueue() + ")"
            : queue);
    return out;
  }

  /** A result as plain Java values, which the web layer writes as JSON of its own. */
  private static Object plain(JsonNode node) {
    return PythonJson.MAPPER.convertValue(node, Object.class);
  }
}
