package io.fennel.protocol.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Signal names and numbers read in every spelling Celery's clients, Flower and people use. */
class SignalTest {

  @ParameterizedTest(name = "[{index}] {0} -> {1}")
  @CsvSource({
    "SIGTERM, SIGTERM",
    "TERM, SIGTERM",
    "term, SIGTERM",
    "15, SIGTERM",
    "' 15 ', SIGTERM",
    "SIGKILL, SIGKILL",
    "sigkill, SIGKILL",
    "Kill, SIGKILL",
    "9, SIGKILL"
  })
  void aNameOrNumberInAnyCaseParses(String given, Signal expected) {
    assertThat(Signal.parse(given)).isEqualTo(expected);
  }

  @ParameterizedTest
  @ValueSource(strings = {"SIGHUP", "1", "", "SIGSIGTERM", "nine"})
  void otherSignalsAreRefusedNamingTheValueAndTheAcceptedForms(String given) {
    assertThatThrownBy(() -> Signal.parse(given))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'" + given + "'")
        .hasMessageContaining(Signal.ACCEPTED);
  }

  @ParameterizedTest
  @CsvSource({"9, SIGKILL", "15, SIGTERM"})
  void numbersMapToTheirSignalAndBack(int number, Signal signal) {
    assertThat(Signal.of(number)).contains(signal);
    assertThat(signal.number()).isEqualTo(number);
  }
}
