package io.fennel.protocol.serial;

import static org.assertj.core.api.Assertions.assertThat;

import io.fennel.protocol.PythonJson;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/** The serializer contract for msgpack, plus exact bytes for a body Python packs. */
class MsgpackSerializerTest extends SerializerContract {
  static final String PYTHON =
      "939302cb400c000000000000a2c3a982a4666c6167c3a46e6f6e65c084a963616c6c6261636b73c0a865727"
          + "26261636b73c0a5636861696ec0a563686f7264c0";

  @Override
  Serializer serializer() {
    return new MsgpackSerializer();
  }

  @Override
  String pythonHex() {
    return PYTHON;
  }

  @Override
  byte[] garbage() {
    return new byte[] {(byte) 0xc1, 0x00};
  }

  @Test
  void givenTheBodyWhenEncodedThenTheBytesAreWhatPythonPacks() {
    byte[] ours =
        serializer().encode(PythonJson.read("t", PythonJson.write(SerializerContract.BODY)));
    assertThat(HexFormat.of().formatHex(ours)).isEqualTo(PYTHON);
  }
}
