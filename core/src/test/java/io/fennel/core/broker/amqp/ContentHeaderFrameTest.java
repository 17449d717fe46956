package io.fennel.core.broker.amqp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.impl.ContentHeaderPropertyWriter;
import com.rabbitmq.client.impl.Frame;
import io.fennel.core.broker.MessageProperties;
import io.fennel.protocol.PythonJson;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The content header Fennel writes in one pass is the one Celery 5.2.6 wrote: every content header
 * frame captured in {@code shared/celery-wire/amqp} (tasks, events, control requests and replies),
 * read as a delivery and sent again, comes out byte for byte; and for the field types Celery never
 * sends, the bytes are amqp-client's own.
 */
class ContentHeaderFrameTest {
  private static final HexFormat HEX = HexFormat.of();

  /**
   * A captured frame: where it came from, its payload, the body size it announced and its headers'
   * order (amqp-client hands received headers over in a HashMap, so the order comes from here).
   */
  private record Captured(String where, byte[] payload, long bodySize, List<String> order) {}

  @Test
  void everyContentHeaderCeleryWroteIsWrittenAgainByteForByte() throws IOException {
    List<Captured> frames = captures();
    assertThat(frames).as("frames in shared/celery-wire/amqp").hasSizeGreaterThan(300);
    for (Captured c : frames) {
      DataInputStream in = new DataInputStream(new ByteArrayInputStream(c.payload()));
      assertThat(in.readUnsignedShort()).as(c.where() + ": class").isEqualTo(60);
      MessageProperties received = OrderedProperties.toFennel(new AMQP.BasicProperties(in));
      Map<String, Object> inOrder = new LinkedHashMap<>();
      c.order().forEach(name -> inOrder.put(name, received.headers().get(name)));
      assertThat(inOrder).as(c.where() + ": headers").isEqualTo(received.headers());
      MessageProperties again =
          new MessageProperties(
              received.contentType(),
              received.contentEncoding(),
              inOrder,
              received.deliveryMode(),
              received.priority(),
              received.correlationId(),
              received.replyTo(),
              received.expiration());

      byte[] written = payload(OrderedProperties.of(again).toFrame(1, c.bodySize()));

      assertThat(HEX.formatHex(written)).as(c.where()).isEqualTo(HEX.formatHex(c.payload()));
    }
  }

  @Test
  void everyContentHeaderCeleryWroteIsReadThroughTheFrameLayerInItsOrder() throws IOException {
    List<Captured> frames = captures();
    assertThat(frames).as("frames in shared/celery-wire/amqp").hasSizeGreaterThan(300);
    int wrapped = 0;
    for (Captured c : frames) {
      DataInputStream direct = new DataInputStream(new ByteArrayInputStream(c.payload()));
      direct.readUnsignedShort();
      MessageProperties byAmqpClient = OrderedProperties.toFennel(new AMQP.BasicProperties(direct));
      ByteBuffer frame = ByteBuffer.allocate(8 + c.payload().length);
      frame.put((byte) AMQP.FRAME_HEADER).putShort((short) 1).putInt(c.payload().length);
      frame.put(c.payload()).put((byte) AMQP.FRAME_END);
      DataInputStream layered =
          new DataInputStream(new RepairingFrameInput(new ByteArrayInputStream(frame.array())));
      Frame read = Frame.readFrom(layered, () -> Integer.MAX_VALUE);
      DataInputStream payload = read.getInputStream();
      payload.readUnsignedShort();
      AMQP.BasicProperties handed = new AMQP.BasicProperties(payload);
      if (handed.getHeaders() != null
          && handed.getHeaders().containsKey(ContentHeaderRepair.WRAPPED)) {
        wrapped++;
      }

      MessageProperties byFennel = OrderedProperties.toFennel(handed);

      assertThat(byFennel).as(c.where()).isEqualTo(byAmqpClient);
      assertThat(byFennel.headers().keySet()).as(c.where()).containsExactlyElementsOf(c.order());
    }
    assertThat(wrapped).as("frames whose table was wrapped").isGreaterThan(300);
  }

  @Test
  void everyFieldTypeComesOutAsAmqpClientWritesIt() throws IOException {
    Map<String, Object> nested = new LinkedHashMap<>();
    nested.put("deep", List.of(1, "two", 3.5));
    nested.put("none", null);
    Map<String, Object> headers = new LinkedHashMap<>();
    headers.put("ascii", "py");
    headers.put("unicode", "ταχεία λέξη ✓");
    headers.put("empty", "");
    headers.put("int", Integer.MIN_VALUE);
    headers.put("long", Long.MAX_VALUE);
    headers.put("short", (short) -2);
    headers.put("byte", (byte) 7);
    headers.put("true", true);
    headers.put("false", false);
    headers.put("double", -0.0);
    headers.put("nan", Double.NaN);
    headers.put("float", 1.25f);
    headers.put("decimal", new BigDecimal("-12345.678"));
    headers.put("instant", Instant.parse("2026-12-04T04:30:00.750Z"));
    headers.put("bytes", new byte[] {0, -1, 127});
    headers.put("nested", nested);
    headers.put("list", Arrays.asList(null, List.of(), Map.of("k", "v")));
    headers.put("null", null);
    headers.put("κλειδί", "a key that is not ASCII");
    MessageProperties p =
        new MessageProperties(
            "application/json", "utf-8", headers, 2, 9, "corr", "reply.to", "60000");
    OrderedProperties props = OrderedProperties.of(p);

    assertThat(HEX.formatHex(payload(props.toFrame(1, 1L << 40))))
        .isEqualTo(HEX.formatHex(amqpClients(props, 1L << 40)));
  }

  @Test
  void propertiesLeftOutAndNoHeadersAreLeftOutOfTheFlags() throws IOException {
    MessageProperties p =
        new MessageProperties(
            null, null, Map.of(), MessageProperties.PERSISTENT, null, null, null, null);
    OrderedProperties props = OrderedProperties.of(p);

    byte[] ours = payload(props.toFrame(1, 0));

    assertThat(HEX.formatHex(ours)).isEqualTo(HEX.formatHex(amqpClients(props, 0)));
    assertThat(HEX.formatHex(ours)).isEqualTo("003c" + "0000" + "0000000000000000" + "1000" + "02");
  }

  /** Refused while the properties are made, before anything is written to a channel. */
  @Test
  void aValueAmqpCannotCarryIsRefusedNamingItsHeader() {
    String longName = "n".repeat(256);
    assertThatThrownBy(() ->
            OrderedProperties.of(MessageProperties.json(Map.of(longName, 1), 2)).toFrame(1, 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("header name '" + longName + "'")
        .hasMessageContaining("256 bytes")
        .hasMessageContaining("at most 255");
    Map<String, Object> decimal = Map.of("outer", Map.of("amount", new BigDecimal("1e-300")));
    assertThatThrownBy(() -> OrderedProperties.of(MessageProperties.json(decimal, 2)).toFrame(1, 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("header 'outer.amount'")
        .hasMessageContaining("send it as a string");
  }

  /** The same payload through amqp-client's own writer. */
  private static byte[] amqpClients(OrderedProperties props, long bodySize) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    DataOutputStream out = new DataOutputStream(bytes);
    out.writeShort(60);
    out.writeShort(0);
    out.writeLong(bodySize);
    props.writePropertiesTo(new ContentHeaderPropertyWriter(out));
    out.flush();
    return bytes.toByteArray();
  }

  private static byte[] payload(Frame frame) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    frame.writeTo(new DataOutputStream(bytes));
    byte[] whole = bytes.toByteArray();
    ByteBuffer b = ByteBuffer.wrap(whole);
    assertThat(b.get()).as("frame type").isEqualTo((byte) AMQP.FRAME_HEADER);
    assertThat(b.getShort()).as("channel").isEqualTo((short) 1);
    int size = b.getInt();
    assertThat(whole).hasSize(7 + size + 1);
    assertThat(whole[whole.length - 1]).as("frame end").isEqualTo((byte) AMQP.FRAME_END);
    return Arrays.copyOfRange(whole, 7, 7 + size);
  }

  private static List<Captured> captures() throws IOException {
    String shared = System.getProperty("fennel.shared.dir");
    Path base = (shared != null ? Paths.get(shared) : Paths.get("..", "..", "shared"));
    List<Captured> out = new ArrayList<>();
    try (Stream<Path> files = Files.walk(base.resolve("celery-wire/amqp"))) {
      for (Path f : files.filter(x -> x.toString().endsWith(".json")).sorted().toList()) {
        collect(
            f.getFileName().toString(), PythonJson.read(f.toString(), Files.readString(f)), out);
      }
    }
    return out;
  }

  private static void collect(String where, JsonNode node, List<Captured> out) {
    if (node.has("content_header_frame_hex") && node.has("body_length")) {
      List<String> order = new ArrayList<>();
      node.path("header_order").forEach(name -> order.add(name.asText()));
      out.add(
          new Captured(
              where + " #" + out.size(),
              HEX.parseHex(node.get("content_header_frame_hex").asText()),
              node.get("body_length").asLong(),
              order));
      return;
    }
    for (JsonNode child : node) {
      collect(where, child, out);
    }
  }
}
