package io.fennel.core.serialization;

import io.fennel.core.config.FennelConfig;
import io.fennel.core.config.WireSettings;
import io.fennel.core.error.ConfigException;
import io.fennel.protocol.ProtocolException;
import io.fennel.protocol.security.CertStore;
import io.fennel.protocol.security.CertificateId;
import io.fennel.protocol.security.Pem;
import io.fennel.protocol.serial.AuthSerializer;
import io.fennel.protocol.serial.Compression;
import io.fennel.protocol.serial.Content;
import io.fennel.protocol.serial.ContentCodecs;
import io.fennel.protocol.serial.JsonSerializer;
import io.fennel.protocol.serial.Serializer;
import io.fennel.protocol.task.TaskMessageReader;
import io.fennel.protocol.task.TaskMessageWriter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.time.Clock;

/**
 * An app's message formats, built once from its settings: how its task messages are written ({@code
 * task_serializer}, {@code task_compression}, {@code task_protocol}, signed with {@code
 * security_key} for {@code auth}) and which formats it reads ({@code accept_content}, signatures
 * checked against {@code security_cert_store}).
 */
public final class MessageFormats {
  private static final org.slf4j.Logger log =
      org.slf4j.LoggerFactory.getLogger(MessageFormats.class);

  private final WireSettings settings;
  private final ContentCodecs taskCodecs;
  private final ContentCodecs resultCodecs;
  private final TaskMessageWriter taskWriter;

  private MessageFormats(WireSettings settings, AuthSerializer auth) {
    this.settings = settings;
    try {
      this.taskCodecs = new ContentCodecs(settings.acceptContent(), auth);
      this.resultCodecs = new ContentCodecs(settings.resultAcceptContent(), auth);
      this.taskWriter = writer(settings.taskSerializer(), settings.taskCompression());
    } catch (ProtocolException e) {
      throw new ConfigException(e.getMessage());
    }
  }

  /**
   * The formats of these settings; key, certificate and store files are read now.
   *
   * @throws ConfigException for a file that cannot be read or settings that do not fit together
   */
  public static MessageFormats of(FennelConfig config, Clock clock) {
    WireSettings s = WireSettings.of(config);
    boolean signs = s.taskSerializer() == Content.AUTH;
    boolean verifies = s.acceptContent().contains(Content.AUTH);
    AuthSerializer auth = null;
    if (signs || verifies || s.securityKey() != null || s.securityCertStore() != null) {
      try {
        PrivateKey key = null;
        String signer = null;
        if (signs || s.securityKey() != null) {
          key = Pem.privateKey(s.securityKey(), read("security_key", s.securityKey()));
          X509Certificate cert =
              Pem.certificate(
                  s.securityCertificate(), read("security_certificate", s.securityCertificate()));
          signer = CertificateId.of(cert);
        }
        CertStore store =
            verifies || s.securityCertStore() != null
                ? CertStore.read(s.securityCertStore(), clock.instant())
                : null;
        auth = new AuthSerializer(new JsonSerializer(), key, signer, store, s.securityDigest());
      } catch (ProtocolException e) {
        throw new ConfigException(e.getMessage());
      }
    }
    if (s.acceptContent().equals(java.util.Set.of(Content.AUTH))
        && s.taskSerializer() != Content.AUTH) {
      log.warn(
          "accept_content is auth only, but task_serializer is {}: retries and callbacks this app"
              + " sends will be refused by signed-only workers; set task_serializer=auth with"
              + " security_key and security_certificate",
          s.taskSerializer().celeryName());
    }
    return new MessageFormats(s, auth);
  }

  /** The formats of {@code config}, on the system clock. */
  public static MessageFormats of(FennelConfig config) {
    return of(config, Clock.systemUTC());
  }

  private static String read(String setting, String file) {
    if (file == null) {
      throw new ConfigException(
          setting
              + " is not set; signing (task_serializer=auth) needs security_key and"
              + " security_certificate, e.g. security_key=/etc/fennel/worker.key");
    }
    try {
      return Files.readString(Path.of(file));
    } catch (IOException e) {
      throw new ConfigException(
          setting + " names '" + file + "', which cannot be read (" + e + "); check the path");
    }
  }

  /** The typed settings. */
  public WireSettings settings() {
    return settings;
  }

  /** Reads task messages in the accepted formats. */
  public TaskMessageReader taskReader() {
    return new TaskMessageReader(taskCodecs, settings.maxDecompressedBytes());
  }

  /** The formats accepted for results ({@code result_accept_content}). */
  public ContentCodecs resultCodecs() {
    return resultCodecs;
  }

  /** Writes task messages as the settings say. */
  public TaskMessageWriter taskWriter() {
    return taskWriter;
  }

  /**
   * Writes task messages in another format or compression (a {@code fennel call --serializer});
   * null keeps the setting.
   *
   * @throws ConfigException for an unknown name
   */
  public TaskMessageWriter taskWriter(String serializer, String compression) {
    Content c =
        serializer == null
            ? settings.taskSerializer()
            : parse(() -> Content.parse("serializer", serializer));
    Compression z =
        compression == null
            ? settings.taskCompression()
            : compression.isBlank() || compression.equalsIgnoreCase("none")
                ? null
                : parse(() -> Compression.parse("compression", compression));
    return writer(c, z);
  }

  private TaskMessageWriter writer(Content c, Compression z) {
    Serializer s = parse(() -> taskCodecs.serializer(c));
    return new TaskMessageWriter(s, z, settings.taskProtocol());
  }

  private static <T> T parse(java.util.function.Supplier<T> f) {
    try {
      return f.get();
    } catch (ProtocolException e) {
      throw new ConfigException(e.getMessage());
    }
  }
}
