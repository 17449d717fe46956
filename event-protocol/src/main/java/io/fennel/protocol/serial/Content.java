package io.fennel.protocol.serial;

import io.fennel.protocol.ProtocolException;
import java.util.Locale;
import java.util.Optional;

/**
 * The body formats Celery names, with the name a setting uses ({@code json}), the content type a
 * message carries ({@code application/json}) and its content encoding; pickle is listed only so it
 * can be refused by name.
 */
public enum Content {
  JSON("json", "application/json", "utf-8"),
  MSGPACK("msgpack", "application/x-msgpack", "binary"),
  YAML("yaml", "application/x-yaml", "utf-8"),
  AUTH("auth", "application/data", "utf-8"),
  PICKLE("pickle", "application/x-python-serialize", "binary");

  private final String celeryName;
  private final String contentType;
  private final String contentEncoding;

  Content(String celeryName, String contentType, String contentEncoding) {
    this.celeryName = celeryName;
    this.contentType = contentType;
    this.contentEncoding = contentEncoding;
  }

  /** The name settings use: {@code json}, {@code msgpack}, {@code yaml}, {@code auth}. */
  public String celeryName() {
    return celeryName;
  }

  /** The {@code content_type} property of a message in this format. */
  public String contentType() {
    return contentType;
  }

  /** The {@code content_encoding} property Celery sets for this format. */
  public String contentEncoding() {
    return contentEncoding;
  }

  /** The format a message's content type names (parameters such as {@code ;charset} ignored). */
  public static Optional<Content> ofContentType(String contentType) {
    if (contentType == null) {
      return Optional.empty();
    }
    String bare = contentType.split(";", 2)[0].strip().toLowerCase(Locale.ROOT);
    for (Content c : values()) {
      if (c.contentType.equals(bare)) {
        return Optional.of(c);
      }
    }
    return switch (bare) {
      case "application/msgpack", "application/x-msgpack-python" -> Optional.of(MSGPACK);
      case "application/yaml", "text/yaml", "text/x-yaml" -> Optional.of(YAML);
      case "text/json" -> Optional.of(JSON);
      default -> Optional.empty();
    };
  }

  /**
   * A format by the name or content type a setting gives ({@code json}, {@code msgpack}, {@code
   * application/x-msgpack}, ...), as Celery's {@code accept_content} takes either.
   *
   * @throws ProtocolException naming {@code setting} and the choices for anything else
   */
  public static Content parse(String setting, String value) {
    String v = value == null ? "" : value.strip().toLowerCase(Locale.ROOT);
    for (Content c : values()) {
      if (c.celeryName.equals(v)) {
        return c;
      }
    }
    return ofContentType(v)
        .orElseThrow(() ->
            new ProtocolException(
                setting,
                "names "
                    + (value == null ? "nothing" : "'" + value + "'")
                    + "; expected json, msgpack, yaml or auth (or a content type such as"
                    + " application/x-msgpack)"));
  }
}
