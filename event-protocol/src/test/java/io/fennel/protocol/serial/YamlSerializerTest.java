package io.fennel.protocol.serial;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fennel.protocol.ProtocolException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The serializer contract for YAML, plus safe mode: type tags are refused. */
class YamlSerializerTest extends SerializerContract {
  @Override
  Serializer serializer() {
    return new YamlSerializer();
  }

  @Override
  String pythonHex() {
    return "2d202d20320a20202d20332e350a20202d20225c784539220a2d20666c61673a20747275650a20206e6f6e"
        + "653a206e756c6c0a2d2063616c6c6261636b733a206e756c6c0a2020636861696e3a206e756c6c0a20"
        + "2063686f72643a206e756c6c0a20206572726261636b733a206e756c6c0a";
  }

  @Override
  byte[] garbage() {
    return "[unclosed, {".getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void givenAPythonObjectTagWhenDecodedThenItIsRefusedAsUnsafe() {
    byte[] evil =
        "- !!python/object/apply:os.system [\"echo pwned\"]\n- {}\n- null\n"
            .getBytes(StandardCharsets.UTF_8);
    assertThatThrownBy(() -> serializer().decode("body", evil))
        .isInstanceOf(ProtocolException.class)
        .hasMessageContaining("python/object/apply:os.system")
        .hasMessageContaining("safe mode");
  }

  @Test
  void givenALocalTagWhenDecodedThenItIsRefused() {
    byte[] tagged = "- !custom 1\n".getBytes(StandardCharsets.UTF_8);
    assertThatThrownBy(() -> serializer().decode("body", tagged))
        .isInstanceOf(ProtocolException.class)
        .hasMessageContaining("'custom'");
  }
}
