package io.fennel.core.url;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Masking the password of a broker or backend URL and reading its scheme. */
class UrlsTest {

  @Test
  void passwordsAreMaskedAndEverythingElseKept() {
    assertThat(Urls.maskPassword("amqp://guest:secret@host:5672//"))
        .isEqualTo("amqp://guest:***@host:5672//");
    assertThat(Urls.maskPassword("redis://:secret@host:6379/0"))
        .isEqualTo("redis://:***@host:6379/0");
    assertThat(Urls.maskPassword("amqp://guest@host//")).isEqualTo("amqp://guest@host//");
    assertThat(Urls.maskPassword("amqp://host/vhost@x")).isEqualTo("amqp://host/vhost@x");
    assertThat(Urls.maskPassword("memory://")).isEqualTo("memory://");
  }

  @Test
  void theSchemeIsReadInLowerCaseAndIsEmptyWithoutOne() {
    assertThat(Urls.scheme("MEMORY://x")).isEqualTo("memory");
    assertThat(Urls.scheme("localhost")).isEmpty();
  }
}
