package io.fennel.protocol.state;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The task states' wire names and the transition table. */
class TaskStateTest {
  @ParameterizedTest
  @CsvSource({
    "PENDING,RECEIVED,true",
    "RECEIVED,STARTED,true",
    "STARTED,RETRY,true",
    "RETRY,STARTED,true",
    "STARTED,SUCCESS,true",
    "STARTED,FAILURE,true",
    "RECEIVED,REVOKED,true",
    "SUCCESS,STARTED,false",
    "FAILURE,RETRY,false",
    "REVOKED,SUCCESS,false",
    "STARTED,RECEIVED,false",
    "STARTED,PENDING,false"
  })
  void theTransitionTableAllowsOnlyForwardMoves(TaskState from, TaskState to, boolean allowed) {
    assertThat(from.canMoveTo(to)).isEqualTo(allowed);
  }

  @Test
  void onlyFinalStatesAreReady() {
    assertThat(TaskState.SUCCESS.ready()).isTrue();
    assertThat(TaskState.REVOKED.ready()).isTrue();
    assertThat(TaskState.RETRY.ready()).isFalse();
    assertThat(TaskState.STARTED.ready()).isFalse();
  }

  @Test
  void wireNamesMapAndCustomStatesAreEmpty() {
    assertThat(TaskState.fromWire("SUCCESS")).contains(TaskState.SUCCESS);
    assertThat(TaskState.fromWire("PROGRESS")).isEmpty();
    assertThat(TaskState.fromWire(null)).isEmpty();
  }
}
