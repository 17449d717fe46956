package io.fennel.protocol.task;

import io.fennel.protocol.ProtocolException;
import java.util.Arrays;

/**
 * What a signature dict stands for, from its {@code subtask_type}: one task (null on the wire), or
 * one of Celery's canvas primitives, whose parts sit in the signature's {@code kwargs}.
 */
public enum SubtaskType {
  /** One task: {@code subtask_type} null. */
  TASK(null),
  /** {@code kwargs.tasks}: steps in order, each fed the previous result. */
  CHAIN("chain"),
  /** {@code kwargs.tasks}: members run side by side. */
  GROUP("group"),
  /** {@code kwargs.header} (a group) then {@code kwargs.body} with the list of their results. */
  CHORD("chord"),
  /** {@code kwargs.task}, {@code kwargs.it}, {@code kwargs.n}: a group of starmaps of n items. */
  CHUNKS("chunks"),
  /** The task {@code celery.map}: {@code kwargs.task} over each item of {@code kwargs.it}. */
  XMAP("xmap"),
  /** The task {@code celery.starmap}: {@code kwargs.task} over each argument list. */
  XSTARMAP("xstarmap");

  private final String wire;

  SubtaskType(String wire) {
    this.wire = wire;
  }

  /** The {@code subtask_type} value, null for a plain task. */
  public String wire() {
    return wire;
  }

  /** Reads {@code subtask_type}; {@code field} names it in the error. */
  public static SubtaskType fromWire(String field, String value) {
    if (value == null) {
      return TASK;
    }
    for (SubtaskType t : values()) {
      if (value.equals(t.wire)) {
        return t;
      }
    }
    throw new ProtocolException(
        field,
        "is '"
            + value
            + "', not a canvas type; expected null or one of "
            + Arrays.stream(values()).skip(1).map(SubtaskType::wire).toList());
  }
}
