package io.fennel.core.canvas;

import io.fennel.core.result.AsyncResult;
import io.fennel.core.result.TaskResult;
import io.fennel.protocol.task.AsSignature;
import io.fennel.protocol.task.Signature;
import java.util.List;

/**
 * Celery's {@code chord}: the header group, then the body given the list of the header's results
 * once every member finished. Needs a result backend that joins chords (Redis).
 */
public record Chord(Group header, AsSignature body) implements AsSignature {
  @Override
  public Signature signature() {
    return Shapes.chord(header.signature(), body.signature(), Options.empty());
  }

  /** Sends the header; returns the body's result, whose parent is the header's group result. */
  public AsyncResult applyAsync() {
    TaskResult r = Canvas.require(Canvas.boundOf(List.of(header, body)), "chord").send(this);
    if (r instanceof AsyncResult a) {
      return a;
    }
    throw new CanvasException("this chord's body is a group; its result is not one task");
  }
}
