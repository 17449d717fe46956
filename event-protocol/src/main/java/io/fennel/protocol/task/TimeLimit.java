package io.fennel.protocol.task;

import java.util.Arrays;
import java.util.Collections;
import java.util.List;

/**
 * The {@code timelimit} header {@code [hard, soft]} in seconds; either may be null (no limit), and
 * an integer stays an integer ({@code A[I,I]}) while a float stays a float ({@code d}).
 */
public record TimeLimit(Number hard, Number soft) {

  /** No limits: {@code [null, null]}. */
  public static final TimeLimit NONE = new TimeLimit(null, null);

  /** The header value {@code [hard, soft]} as an AMQP array. */
  public List<Object> toList() {
    return Collections.unmodifiableList(Arrays.asList(hard, soft));
  }
}
