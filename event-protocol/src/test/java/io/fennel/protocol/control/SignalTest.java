package io.fennel.protocol.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;
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
    "9, SIGKILL",
    "SIGINT, SIGINT",
    "2, SIGINT",
    "SIGHUP, SIGHUP",
    "1, SIGHUP",
    "QUIT, SIGQUIT",
    "sigusr1, SIGUSR1",
    "10, SIGUSR1",
    "USR2, SIGUSR2",
    "SIGIOT, SIGABRT",
    "CLD, SIGCHLD",
    "SIGPOLL, SIGIO",
    "31, SIGSYS"
  })
  void aNameOrNumberInAnyCaseParses(String given, Signal expected) {
    assertThat(Signal.parse(given)).isEqualTo(expected);
  }

  @ParameterizedTest
  @ValueSource(strings = {"SIGFOO", "0", "32", "64", "-9", "009", "", "SIGSIGTERM", "nine"})
  void otherSignalsAreRefusedNamingTheValueAndTheAcceptedForms(String given) {
    assertThatThrownBy(() -> Signal.parse(given))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'" + given + "'")
        .hasMessageContaining(Signal.ACCEPTED);
  }

  @ParameterizedTest
  @CsvSource({"9, SIGKILL", "15, SIGTERM", "2, SIGINT", "3, SIGQUIT", "19, SIGSTOP"})
  void numbersMapToTheirSignalAndBack(int number, Signal signal) {
    assertThat(Signal.of(number)).contains(signal);
    assertThat(signal.number()).isEqualTo(number);
  }

  @ParameterizedTest
  @EnumSource(Signal.class)
  void everySignalReadsBackFromItsNameItsShortNameAndItsNumber(Signal signal) {
    assertThat(Signal.find(signal.wireName())).contains(signal);
    assertThat(Signal.find(signal.wireName().substring(3))).contains(signal);
    assertThat(Signal.find(String.valueOf(signal.number()))).contains(signal);
  }
}
