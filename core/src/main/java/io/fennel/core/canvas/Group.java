package io.fennel.core.canvas;

import io.fennel.core.result.GroupResult;
import io.fennel.protocol.task.AsSignature;
import io.fennel.protocol.task.Signature;
import java.util.List;

/** Celery's {@code group}: members run side by side; the result is the list of theirs. */
public record Group(List<? extends AsSignature> members) implements AsSignature {
  public Group {
    members = List.copyOf(members);
  }

  @Override
  public Signature signature() {
    return Shapes.group(Canvas.signatures(members), Options.empty());
  }

  /** Sends every member with the {@code group} header; returns their results in order. */
  public GroupResult applyAsync() {
    return (GroupResult) Canvas.require(Canvas.boundOf(members), "group").send(this);
  }
}
