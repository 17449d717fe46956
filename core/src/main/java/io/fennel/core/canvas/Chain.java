package io.fennel.core.canvas;

import io.fennel.core.result.AsyncResult;
import io.fennel.core.result.GroupResult;
import io.fennel.core.result.TaskResult;
import io.fennel.protocol.task.AsSignature;
import io.fennel.protocol.task.Signature;
import java.util.List;

/** Celery's {@code chain}: steps in order, each given the previous step's result first. */
public record Chain(List<AsSignature> steps) implements AsSignature {
  public Chain {
    if (steps == null || steps.isEmpty()) {
      throw new CanvasException("a chain needs at least one step, was given none");
    }
    steps = List.copyOf(steps);
  }

  @Override
  public Signature signature() {
    return Shapes.chain(Canvas.signatures(steps), Options.empty());
  }

  /** Sends the chain; returns the last step's result, whose parents are the earlier steps. */
  public AsyncResult applyAsync() {
    TaskResult r = send();
    if (r instanceof AsyncResult a) {
      return a;
    }
    throw new CanvasException("this chain ends in a group; call applyAsyncGroup() for its result");
  }

  /** Sends a chain that ends in a group; returns that group's result. */
  public GroupResult applyAsyncGroup() {
    TaskResult r = send();
    if (r instanceof GroupResult g) {
      return g;
    }
    throw new CanvasException("this chain ends in a task; call applyAsync() for its result");
  }

  private TaskResult send() {
    return Canvas.require(Canvas.boundOf(steps), "chain").send(this);
  }
}
