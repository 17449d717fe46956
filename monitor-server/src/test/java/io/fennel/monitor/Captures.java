package io.fennel.monitor;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fennel.core.broker.Broker;
import io.fennel.core.broker.MessageProperties;
import io.fennel.core.broker.OutgoingMessage;
import io.fennel.protocol.WireNames;
import io.fennel.protocol.event.EventCodec;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/** The event messages captured from Celery 5.2.6 in {@code shared/celery-wire}, for tests. */
public final class Captures {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private Captures() {}

  /** One captured message: routing key and body bytes as on the wire. */
  public record Message(String routingKey, byte[] body) {}

  /** One captured task lifecycle. */
  public record Timeline(String file, String taskId, List<String> types, List<Message> messages) {}

  static Path dir() {
    String shared = System.getProperty("fennel.shared.dir", "../../shared");
    return Path.of(shared, "celery-wire", "amqp", "events");
  }

  /** Every file in {@code timelines/}, sorted by name. */
  public static List<Timeline> timelines() {
    try (Stream<Path> files = Files.list(dir().resolve("timelines"))) {
      List<Timeline> out = new ArrayList<>();
      for (Path f : files.sorted().toList()) {
        JsonNode d = MAPPER.readTree(f.toFile());
        List<String> types = new ArrayList<>();
        d.get("event_types_in_order").forEach(t -> types.add(t.asText()));
        out.add(
            new Timeline(
                f.getFileName().toString(), d.get("task_id").asText(), types, messages(d)));
      }
      return out;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The worker-online message and the heartbeat sequence. */
  public static List<Message> workerMessages() {
    try {
      List<Message> out = new ArrayList<>();
      out.addAll(messages(read("worker-online__rk_worker.online.json")));
      out.addAll(messages(read("worker-heartbeat_sequence.json")));
      return out;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** How many events the messages hold. */
  public static int eventCount(List<Message> messages) {
    return messages.stream().mapToInt(m -> EventCodec.decode(m.body()).size()).sum();
  }

  /** Publishes the messages on {@code celeryev}, as a worker would. */
  public static void publish(Broker broker, List<Message> messages) {
    for (Message m : messages) {
      broker.publish(
          new OutgoingMessage(
              WireNames.EVENT_EXCHANGE,
              m.routingKey(),
              MessageProperties.json(Map.of("hostname", "wire@vm"), MessageProperties.TRANSIENT),
              m.body()));
    }
  }

  private static JsonNode read(String name) throws IOException {
    return MAPPER.readTree(dir().resolve(name).toFile());
  }

  private static List<Message> messages(JsonNode d) {
    List<Message> out = new ArrayList<>();
    JsonNode list = d.has("messages") ? d.get("messages") : MAPPER.createArrayNode().add(d);
    for (JsonNode m : list) {
      out.add(
          new Message(
              m.get("routing_key").asText(),
              m.get("body_raw").asText().getBytes(StandardCharsets.UTF_8)));
    }
    return out;
  }
}
