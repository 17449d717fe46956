package io.fennel.protocol.serial;

import java.nio.charset.StandardCharsets;

/** The serializer contract for JSON. */
class JsonSerializerTest extends SerializerContract {
  @Override
  Serializer serializer() {
    return new JsonSerializer();
  }

  @Override
  String pythonHex() {
    return "5b5b322c20332e352c20225c7530306539225d2c207b22666c6167223a20747275652c20226e6f6e65223a"
        + "206e756c6c7d2c207b2263616c6c6261636b73223a206e756c6c2c20226572726261636b73223a206e75"
        + "6c6c2c2022636861696e223a206e756c6c2c202263686f7264223a206e756c6c7d5d";
  }

  @Override
  byte[] garbage() {
    return "- a\n- b\n".getBytes(StandardCharsets.UTF_8);
  }
}
