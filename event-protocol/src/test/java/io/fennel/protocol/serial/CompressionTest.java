package io.fennel.protocol.serial;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fennel.protocol.ProtocolException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;

/** Compression as kombu does it: Python's bytes decompress, ours round-trip, bombs stop. */
class CompressionTest {
  static final String JSON =
      "[[2, 3.5, \"\\u00e9\"], {\"flag\": true, \"none\": null}, {\"callbacks\": null,"
          + " \"errbacks\": null, \"chain\": null, \"chord\": null}]";
  // zlib.compress(...) and bz2.compress(...) of JSON, from Python 3.11
  static final String PY_ZLIB =
      "789c8b8e36d25130d633d551508a29353048b5548ad551a8564acb494c57b25228292a4d05cae4e5e7a50279"
          + "79a53939b520d9e4c49c9ca4c4e4ec62a82050496a51119a48724662661e3237bf280566482c003f6e2501";
  static final String PY_BZ2 =
      "425a6839314159265359b918ddaf0000191b8050055a30000e3fed9e0a20006a1a241a7a869a1e5064320d14"
          + "d3c53468d34000f51c090118f246abc3f4a388ce3327c6adbd55b1646056e0e09d0ce72a58a5d086f39a"
          + "04606618bb352acc543cf9b2216ca494770ceb61080b87e2ee48a70a1217231bb5e0";

  @Test
  void givenWhatKombuCompressedWhenDecompressedThenTheJsonIsBack() {
    assertThat(text(Compression.ZLIB.decompress(HexFormat.of().parseHex(PY_ZLIB), 1 << 20)))
        .isEqualTo(JSON);
    assertThat(text(Compression.BZIP2.decompress(HexFormat.of().parseHex(PY_BZ2), 1 << 20)))
        .isEqualTo(JSON);
  }

  @Test
  void givenKombuNamesWhenLookedUpThenGzipAndZlibAreOneHeader() {
    assertThat(Compression.of("gzip")).contains(Compression.ZLIB);
    assertThat(Compression.of("zlib")).contains(Compression.ZLIB);
    assertThat(Compression.of("application/x-gzip")).contains(Compression.ZLIB);
    assertThat(Compression.of("bzip2")).contains(Compression.BZIP2);
    assertThat(Compression.ZLIB.header()).isEqualTo("application/x-gzip");
    assertThat(Compression.BZIP2.header()).isEqualTo("application/x-bz2");
  }

  @Test
  void givenAGzipFileFormatBodyUnderTheGzipHeaderWhenDecompressedThenItIsRead() throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (GZIPOutputStream g = new GZIPOutputStream(out)) {
      g.write(JSON.getBytes(StandardCharsets.UTF_8));
    }
    assertThat(text(Compression.ZLIB.decompress(out.toByteArray(), 1 << 20))).isEqualTo(JSON);
  }

  @Test
  void givenEachCompressionWhenRoundTrippedThenTheBytesAreBack() {
    byte[] body = JSON.getBytes(StandardCharsets.UTF_8);
    for (Compression c : Compression.values()) {
      assertThat(c.decompress(c.compress(body), 1 << 20)).isEqualTo(body);
    }
  }

  @Test
  void givenABodyThatGrowsPastTheBoundWhenDecompressedThenItIsRefusedWithTheBound() {
    byte[] bomb = Compression.ZLIB.compress(new byte[10 << 20]);
    assertThat(bomb.length).isLessThan(20_000);
    assertThatThrownBy(() -> Compression.ZLIB.decompress(bomb, 1 << 20))
        .isInstanceOf(ProtocolException.class)
        .hasMessageContaining("more than 1048576 bytes")
        .hasMessageContaining("message_max_decompressed_bytes");
  }

  @Test
  void givenBytesThatAreNotCompressedWhenDecompressedThenTheHeaderIsNamed() {
    assertThatThrownBy(
            () -> Compression.BZIP2.decompress(JSON.getBytes(StandardCharsets.UTF_8), 1 << 20))
        .isInstanceOf(ProtocolException.class)
        .hasMessageStartingWith("headers.compression: says application/x-bz2");
  }

  @Test
  void givenAnUnknownCompressionWhenParsedThenTheChoicesAreNamed() {
    assertThatThrownBy(() -> Compression.parse("headers.compression", "lz4"))
        .hasMessageContaining("'lz4'")
        .hasMessageContaining("bzip2");
  }

  private static String text(byte[] b) {
    return new String(b, StandardCharsets.UTF_8);
  }
}
