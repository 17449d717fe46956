package io.fennel.core.config;

import io.fennel.core.error.ConfigException;
import io.fennel.protocol.ProtocolException;
import io.fennel.protocol.security.Digest;
import io.fennel.protocol.serial.Compression;
import io.fennel.protocol.serial.Content;
import io.fennel.protocol.task.TaskMessageReader;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The settings of message formats, under Celery's names: what is sent ({@code task_serializer},
 * {@code result_serializer}, {@code task_compression}, {@code result_compression}, {@code
 * task_protocol}), what is accepted ({@code accept_content}, {@code result_accept_content}), how
 * messages are signed ({@code security_*}) and how far a compressed body may grow ({@code
 * message_max_decompressed_bytes}). They travel in {@link FennelConfig#extra()} and are read,
 * typed, with {@link #of(FennelConfig)}.
 */
public record WireSettings(
    Content taskSerializer,
    Content resultSerializer,
    Set<Content> acceptContent,
    Set<Content> resultAcceptContent,
    Compression taskCompression,
    Compression resultCompression,
    int taskProtocol,
    String securityKey,
    String securityCertificate,
    String securityCertStore,
    Digest securityDigest,
    long maxDecompressedBytes) {

  /** The names of these settings (besides {@code task_serializer}, a field of its own). */
  public static final List<String> NAMES =
      List.of(
          "accept_content",
          "result_accept_content",
          "result_serializer",
          "task_compression",
          "result_compression",
          "task_protocol",
          "security_key",
          "security_certificate",
          "security_cert_store",
          "security_digest",
          "message_max_decompressed_bytes");

  public WireSettings {
    acceptContent = Set.copyOf(acceptContent);
    resultAcceptContent = Set.copyOf(resultAcceptContent);
  }

  /**
   * The typed settings of a configuration.
   *
   * @throws ConfigException naming the setting, the value and the fix
   */
  public static WireSettings of(FennelConfig c) {
    Map<String, String> x = c.extra();
    Set<Content> accept = contents("accept_content", x.getOrDefault("accept_content", "json"));
    String resultAccept = x.get("result_accept_content");
    return new WireSettings(
        serializer("task_serializer", c.taskSerializer()),
        serializer("result_serializer", x.getOrDefault("result_serializer", "json")),
        accept,
        blank(resultAccept) ? accept : contents("result_accept_content", resultAccept),
        compression("task_compression", x.get("task_compression")),
        compression("result_compression", x.get("result_compression")),
        protocol(x.get("task_protocol")),
        blankToNull(x.get("security_key")),
        blankToNull(x.get("security_certificate")),
        blankToNull(x.get("security_cert_store")),
        digest(x.getOrDefault("security_digest", "sha256")),
        bytes(x.get("message_max_decompressed_bytes")));
  }

  /** Checks one value as it is set, so a bad one is refused at once. */
  public static void check(String name, String value) {
    switch (name) {
      case "accept_content", "result_accept_content" -> {
        if (!blank(value)) {
          contents(name, value);
        }
      }
      case "task_serializer", "result_serializer" -> serializer(name, value);
      case "task_compression", "result_compression" -> compression(name, value);
      case "task_protocol" -> protocol(value);
      case "security_digest" -> digest(value);
      case "message_max_decompressed_bytes" -> bytes(value);
      default -> {}
    }
  }

  /** A serializer name: json, msgpack, yaml or auth; pickle is refused. */
  static Content serializer(String name, String value) {
    Content c = parse(name, value);
    if (c == Content.PICKLE) {
      throw new ConfigException(
          name
              + " must be json, msgpack, yaml or auth; Fennel never uses pickle (it runs code of"
              + " the sender's choosing), was 'pickle'");
    }
    return c;
  }

  private static Content parse(String name, String value) {
    try {
      return Content.parse(name, value);
    } catch (ProtocolException e) {
      throw new ConfigException(
          name + " must be json, msgpack, yaml or auth, was " + quoted(value));
    }
  }

  /** A list such as {@code json,msgpack} or {@code ['json', 'application/x-msgpack']}. */
  static Set<Content> contents(String name, String value) {
    List<String> items = new ArrayList<>();
    for (String s : value.replaceAll("[\\[\\]()'\"]", "").split(",")) {
      if (!s.isBlank()) {
        items.add(s.strip());
      }
    }
    if (items.isEmpty()) {
      throw new ConfigException(name + " must name at least one format, e.g. json, was ''");
    }
    Set<Content> set = EnumSet.noneOf(Content.class);
    for (String s : items) {
      Content c = parse(name, s);
      if (c == Content.PICKLE) {
        throw new ConfigException(
            name
                + " must not include pickle: Fennel never unpickles (a pickle runs code of the"
                + " sender's choosing); accept json, msgpack, yaml or auth, was "
                + quoted(value));
      }
      set.add(c);
    }
    return set;
  }

  private static Compression compression(String name, String value) {
    if (blank(value) || value.strip().equalsIgnoreCase("none")) {
      return null;
    }
    return Compression.of(value)
        .orElseThrow(() ->
            new ConfigException(
                name + " must be zlib, gzip or bzip2 (or empty for none), was " + quoted(value)));
  }

  private static int protocol(String value) {
    if (blank(value)) {
      return 2;
    }
    return switch (value.strip()) {
      case "1" -> 1;
      case "2" -> 2;
      default -> throw new ConfigException("task_protocol must be 1 or 2, was " + quoted(value));
    };
  }

  private static Digest digest(String value) {
    try {
      return Digest.parse(value);
    } catch (ProtocolException e) {
      throw new ConfigException(
          "security_digest must be sha256, sha1, sha224, sha384 or sha512, was " + quoted(value));
    }
  }

  private static long bytes(String value) {
    if (blank(value)) {
      return TaskMessageReader.DEFAULT_MAX_DECOMPRESSED;
    }
    try {
      long n = Long.parseLong(value.strip());
      if (n >= 1024) {
        return n;
      }
    } catch (NumberFormatException e) {
      // fall through to the message
    }
    throw new ConfigException(
        "message_max_decompressed_bytes must be a whole number of bytes >= 1024, was "
            + quoted(value));
  }

  private static boolean blank(String v) {
    return v == null || v.isBlank();
  }

  private static String blankToNull(String v) {
    return blank(v) ? null : v.strip();
  }

  private static String quoted(String v) {
    return v == null ? "null" : "'" + v + "'";
  }
}
