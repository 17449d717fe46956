package io.fennel.protocol.serial;

import io.fennel.protocol.ProtocolException;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Locale;
import java.util.Optional;
import java.util.zip.DeflaterOutputStream;
import java.util.zip.GZIPInputStream;
import java.util.zip.InflaterInputStream;
import org.apache.commons.compress.compressors.bzip2.BZip2CompressorInputStream;
import org.apache.commons.compress.compressors.bzip2.BZip2CompressorOutputStream;

/**
 * Body compression as kombu does it, named by the {@code compression} header: {@code
 * application/x-gzip} (settings {@code zlib} or {@code gzip}; written in zlib format as kombu does,
 * read in zlib or gzip format) and {@code application/x-bz2} ({@code bzip2}). Decompressing stops
 * at a bound, so a small message cannot fill the heap.
 */
public enum Compression {
  ZLIB("application/x-gzip"),
  BZIP2("application/x-bz2");

  private final String header;

  Compression(String header) {
    this.header = header;
  }

  /** The value of the {@code compression} header. */
  public String header() {
    return header;
  }

  /** The compression a header or setting names: a content type or an alias (zlib, gzip, bzip2). */
  public static Optional<Compression> of(String name) {
    if (name == null) {
      return Optional.empty();
    }
    return switch (name.strip().toLowerCase(Locale.ROOT)) {
      case "application/x-gzip", "application/gzip", "gzip", "zlib" -> Optional.of(ZLIB);
      case "application/x-bz2", "application/x-bzip2", "bzip2", "bzip", "bz2" -> Optional.of(BZIP2);
      default -> Optional.empty();
    };
  }

  /** As {@link #of}, refusing anything else with the choices. */
  public static Compression parse(String field, String name) {
    return of(name)
        .orElseThrow(() ->
            new ProtocolException(
                field,
                "is '"
                    + name
                    + "'; Fennel compresses with zlib (alias gzip, application/x-gzip) or"
                    + " bzip2 (application/x-bz2)"));
  }

  /** The compressed bytes. */
  public byte[] compress(byte[] body) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (OutputStream z =
        this == ZLIB ? new DeflaterOutputStream(out) : new BZip2CompressorOutputStream(out)) {
      z.write(body);
    } catch (IOException e) {
      throw new ProtocolException("body", "cannot be compressed (" + e.getMessage() + ")", e);
    }
    return out.toByteArray();
  }

  /**
   * The decompressed bytes, at most {@code maxBytes} of them.
   *
   * @throws ProtocolException naming {@code headers.compression} when the bytes are not in this
   *     format or would decompress past the bound
   */
  public byte[] decompress(byte[] body, long maxBytes) {
    try (InputStream in = open(body)) {
      ByteArrayOutputStream out = new ByteArrayOutputStream(Math.min(body.length * 4, 1 << 20));
      byte[] buf = new byte[8192];
      long total = 0;
      for (int n = in.read(buf); n >= 0; n = in.read(buf)) {
        total += n;
        if (total > maxBytes) {
          throw new ProtocolException(
              "headers.compression",
              "the "
                  + body.length
                  + "-byte body decompresses to more than "
                  + maxBytes
                  + " bytes, the bound (message_max_decompressed_bytes); refused");
        }
        out.write(buf, 0, n);
      }
      return out.toByteArray();
    } catch (IOException e) {
      throw new ProtocolException(
          "headers.compression",
          "says " + header + ", but the body does not decompress (" + e.getMessage() + ")",
          e);
    }
  }

  private InputStream open(byte[] body) throws IOException {
    InputStream raw = new ByteArrayInputStream(body);
    if (this == BZIP2) {
      return new BZip2CompressorInputStream(raw);
    }
    boolean gzip = body.length >= 2 && (body[0] & 0xff) == 0x1f && (body[1] & 0xff) == 0x8b;
    return gzip ? new GZIPInputStream(raw) : new InflaterInputStream(raw);
  }
}
