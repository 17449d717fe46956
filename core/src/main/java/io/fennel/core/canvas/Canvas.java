package io.fennel.core.canvas;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.fennel.core.producer.TaskProducer;
import io.fennel.core.result.AsyncResult;
import io.fennel.core.result.GroupResult;
import io.fennel.core.result.ResultBackend;
import io.fennel.core.result.TaskResult;
import io.fennel.protocol.PythonJson;
import io.fennel.protocol.task.AsSignature;
import io.fennel.protocol.task.Signature;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * Workflows in Java as in Celery's canvas: {@code chain(add.s(1, 2), mul.s(10)).applyAsync()},
 * {@code group(...)}, {@code chord(header, body)}; the static methods build them, an instance
 * (bound to an app by {@code app.task(..).s()}) sends them and hands back their results. See
 * docs/WORKFLOWS.md.
 */
public final class Canvas {
  private final Supplier<TaskProducer> producer;
  private final Supplier<ResultBackend> backend;
  private final AsyncResult.Revoker revoker;

  /**
   * @param backend supplies the result backend, or null for none
   */
  public Canvas(
      Supplier<TaskProducer> producer,
      Supplier<ResultBackend> backend,
      AsyncResult.Revoker revoker) {
    this.producer = producer;
    this.backend = backend;
    this.revoker = revoker;
  }

  /** Steps run one after another, each given the previous result as first argument. */
  public static Chain chain(AsSignature... steps) {
    return new Chain(List.of(steps));
  }

  /** Members run side by side; the result is the list of theirs. */
  public static Group group(AsSignature... members) {
    return new Group(List.of(members));
  }

  /** As {@link #group(AsSignature...)} from a list, e.g. a stream of signatures. */
  public static Group group(List<? extends AsSignature> members) {
    return new Group(members);
  }

  /** The header's members side by side, then the body with the list of their results. */
  public static Chord chord(Group header, AsSignature body) {
    return new Chord(header, body);
  }

  /** As {@link #chord(Group, AsSignature)} with the header's members as a list. */
  public static Chord chord(List<? extends AsSignature> header, AsSignature body) {
    return new Chord(new Group(header), body);
  }

  /** Sends a workflow and returns the handle of its results. */
  public TaskResult send(AsSignature workflow) {
    Signature sig = workflow.signature();
    Publisher p = new Publisher(producer.get(), backend.get());
    Publisher.Frozen frozen = p.freeze(sig);
    ResultBackend b = backend.get();
    if (b != null && frozen.ref() instanceof ResultRef.Task t) {
      b.watch(t.id());
    }
    p.apply(frozen.sig(), null, null, null);
    return result(frozen.ref());
  }

  /** The handle of a result tree, on this canvas's backend. */
  public TaskResult result(ResultRef ref) {
    TaskResult parent = ref.parent() == null ? null : result(ref.parent());
    return switch (ref) {
      case ResultRef.Task t -> new AsyncResult(t.id(), backend.get(), revoker, parent);
      case ResultRef.Group g -> {
        List<TaskResult> members = new ArrayList<>();
        g.members().forEach(m -> members.add(result(m)));
        yield new GroupResult(g.id(), members, backend.get(), revoker, parent);
      }
    };
  }

  /** A saved group (by Fennel or Python), if any. */
  public java.util.Optional<GroupResult> restoreGroup(String groupId) {
    return GroupResult.restore(groupId, backend.get(), revoker);
  }

  static Canvas boundOf(List<? extends AsSignature> parts) {
    for (AsSignature s : parts) {
      Canvas c =
          switch (s) {
            case TaskSignature t -> t.canvas();
            case Chain c2 -> boundOf(c2.steps());
            case Group g -> boundOf(g.members());
            case Chord c3 -> boundOf(List.of(c3.header(), c3.body()));
            default -> null;
          };
      if (c != null) {
        return c;
      }
    }
    return null;
  }

  static Canvas require(Canvas c, String what) {
    if (c == null) {
      throw new CanvasException(
          "cannot send this "
              + what
              + ": none of its steps comes from an app; build them with app.task(name).s(...)"
              + " or send it with app canvas.send(workflow)");
    }
    return c;
  }

  static ArrayNode items(List<?> items) {
    return items == null
        ? JsonNodeFactory.instance.arrayNode()
        : PythonJson.MAPPER.valueToTree(items);
  }

  static List<Signature> signatures(List<? extends AsSignature> parts) {
    return parts.stream().map(AsSignature::signature).toList();
  }
}
