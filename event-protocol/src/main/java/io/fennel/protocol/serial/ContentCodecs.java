package io.fennel.protocol.serial;

import com.fasterxml.jackson.databind.JsonNode;
import io.fennel.protocol.ProtocolException;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The formats a receiver accepts ({@code accept_content}) and the serializers that read and write
 * them; a body in any other format, and pickle always, is refused with what to change.
 */
public final class ContentCodecs {
  /** Celery's default: JSON only. */
  public static final ContentCodecs JSON_ONLY = new ContentCodecs(Set.of(Content.JSON), null);

  private final Set<Content> accept;
  private final AuthSerializer auth;

  /**
   * @param accept the formats accepted; pickle may not be among them
   * @param auth the signing serializer, or null when {@code auth} is not configured
   */
  public ContentCodecs(Set<Content> accept, AuthSerializer auth) {
    if (accept.isEmpty()) {
      throw new ProtocolException("accept_content", "is empty; accept at least json");
    }
    if (accept.contains(Content.PICKLE)) {
      throw new ProtocolException(
          "accept_content",
          "includes pickle; Fennel never unpickles (a pickle runs code of the sender's choosing):"
              + " accept json, msgpack, yaml or auth");
    }
    if (accept.contains(Content.AUTH) && (auth == null || auth.store() == null)) {
      throw new ProtocolException(
          "accept_content",
          "includes auth, but security_cert_store is not set, so signatures cannot be verified");
    }
    this.accept = Set.copyOf(EnumSet.copyOf(accept));
    this.auth = auth;
  }

  /** The accepted formats. */
  public Set<Content> accept() {
    return accept;
  }

  /** The serializer that writes {@code c}; {@code auth} needs a key and certificate. */
  public Serializer serializer(Content c) {
    return switch (c) {
      case JSON -> new JsonSerializer();
      case MSGPACK -> new MsgpackSerializer();
      case YAML -> new YamlSerializer();
      case AUTH -> {
        if (auth == null) {
          throw new ProtocolException(
              "task_serializer",
              "is auth, but security_key, security_certificate and security_cert_store are not"
                  + " set");
        }
        yield auth;
      }
      case PICKLE ->
          throw new ProtocolException(
              "task_serializer", "is pickle; Fennel never writes pickle: use json");
    };
  }

  /**
   * The tree of a body whose properties say {@code contentType} and {@code contentEncoding}.
   *
   * @throws ProtocolException naming {@code properties.content_type} for a format not accepted
   */
  public JsonNode decode(String field, String contentType, String contentEncoding, byte[] body) {
    Content c = Content.ofContentType(contentType).orElse(null);
    if (c == null) {
      throw new ProtocolException(
          "properties.content_type",
          "is "
              + (contentType == null ? "missing" : "'" + contentType + "'")
              + "; Fennel accepts "
              + names()
              + ": set task_serializer='json' (and accept_content=['json']) on the sender");
    }
    if (c == Content.PICKLE) {
      throw new ProtocolException(
          "properties.content_type",
          "is "
              + contentType
              + " (pickle); Fennel never unpickles, because a pickle runs code of the sender's"
              + " choosing: set task_serializer='json' (and accept_content=['json']) on the sender");
    }
    if (!accept.contains(c)) {
      throw new ProtocolException(
          "properties.content_type",
          "is "
              + contentType
              + " ("
              + c.celeryName()
              + "), which accept_content ("
              + names()
              + ") does not allow: add "
              + c.celeryName()
              + " to accept_content (FENNEL_ACCEPT_CONTENT) or set task_serializer='json' on the"
              + " sender");
    }
    if (c != Content.MSGPACK && contentEncoding != null) {
      String e = contentEncoding.strip().toLowerCase(Locale.ROOT);
      if (!e.equals("utf-8") && !e.equals("utf8")) {
        throw new ProtocolException(
            "properties.content_encoding",
            "is '" + contentEncoding + "'; expected utf-8 for " + c.celeryName());
      }
    }
    if (body == null) {
      throw new ProtocolException(field, "is missing (null); expected " + c.celeryName());
    }
    if (body.length == 0) {
      throw new ProtocolException(field, "is empty (0 bytes); expected " + c.celeryName());
    }
    return serializer(c).decode(field, body);
  }

  private String names() {
    return accept.stream().map(Content::celeryName).sorted().collect(Collectors.joining(", "));
  }
}
