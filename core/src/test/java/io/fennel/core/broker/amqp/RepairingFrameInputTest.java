package io.fennel.core.broker.amqp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.impl.AMQImpl;
import com.rabbitmq.client.impl.Frame;
import com.rabbitmq.client.impl.LongStringHelper;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Content-header frames reach amqp-client with their headers table wrapped, and Fennel reads the
 * table itself: in the sender's order, every field type (py-amqp's {@code L} and {@code U}
 * included), the first of a name given twice; a table with an unknown type becomes one explanatory
 * header; other frames pass untouched, also when reads time out part way.
 */
class RepairingFrameInputTest {
  @Test
  void aPyAmqpLongLongHeaderIsReadAsALongAtEveryDepth() throws IOException {
    byte[] table =
        table(
            field("task", 'S', string("demo.add")),
            field("big", 'L', longBytes(1L << 40)),
            field("short", 'U', new byte[] {0x01, 0x02}),
            field("nested", 'F', lengthPrefixed(field("n", 'L', longBytes(1L << 41)))),
            field("listed", 'A', lengthPrefixed(concat(new byte[] {'L'}, longBytes(7)))));
    byte[] stream = concat(methodFrame(), contentHeaderFrame(table), bodyFrame("[[2,3],{},{}]"));

    Map<String, Object> headers = readHeaders(new RepairingFrameInput(in(stream)));

    assertThat(headers.get("big")).isEqualTo(1L << 40);
    assertThat(headers.get("short")).isEqualTo((short) 0x0102);
    assertThat(headers.get("task").toString()).isEqualTo("demo.add");
    @SuppressWarnings("unchecked")
    Map<String, Object> nested = (Map<String, Object>) headers.get("nested");
    assertThat(nested.get("n")).isEqualTo(1L << 41);
    assertThat(headers.get("listed")).isEqualTo(List.of(7L));
  }

  @Test
  void everyFieldTypeIsReadInTheSendersOrderAndANameGivenTwiceKeepsItsFirstValue()
      throws IOException {
    byte[] table =
        table(
            field("z-last-alphabetically", 'S', string("héllo")),
            field("void", 'V', new byte[0]),
            field("yes", 't', new byte[] {1}),
            field("byte", 'b', new byte[] {-2}),
            field("octet", 'B', new byte[] {(byte) 0xfe}),
            field("short", 's', new byte[] {(byte) 0xff, (byte) 0xfe}),
            field("ushort", 'u', new byte[] {(byte) 0xff, (byte) 0xfe}),
            field("int", 'I', ByteBuffer.allocate(4).putInt(-3).array()),
            field("uint", 'i', ByteBuffer.allocate(4).putInt(-3).array()),
            field("long", 'l', longBytes(-4)),
            field("float", 'f', ByteBuffer.allocate(4).putFloat(1.5f).array()),
            field("double", 'd', ByteBuffer.allocate(8).putDouble(-2.25).array()),
            field(
                "decimal",
                'D',
                concat(new byte[] {2}, ByteBuffer.allocate(4).putInt(-1234).array())),
            field("when", 'T', longBytes(1_800_000_000L)),
            field("bytes", 'x', lengthPrefixed(new byte[] {9, 8})),
            field("yes", 't', new byte[] {0}));
    byte[] stream = concat(methodFrame(), contentHeaderFrame(table), bodyFrame("[]"));

    Map<String, Object> headers = readHeaders(new RepairingFrameInput(in(stream)));

    assertThat(headers.keySet())
        .containsExactly(
            "z-last-alphabetically",
            "void",
            "yes",
            "byte",
            "octet",
            "short",
            "ushort",
            "int",
            "uint",
            "long",
            "float",
            "double",
            "decimal",
            "when",
            "bytes");
    assertThat(headers)
        .containsEntry("z-last-alphabetically", "héllo")
        .containsEntry("void", null)
        .containsEntry("yes", true)
        .containsEntry("byte", (byte) -2)
        .containsEntry("octet", (short) 0xfe)
        .containsEntry("short", (short) -2)
        .containsEntry("ushort", 0xfffe)
        .containsEntry("int", -3)
        .containsEntry("uint", 0xfffffffdL)
        .containsEntry("long", -4L)
        .containsEntry("float", 1.5f)
        .containsEntry("double", -2.25)
        .containsEntry("decimal", new BigDecimal("-12.34"))
        .containsEntry("when", Instant.ofEpochSecond(1_800_000_000L));
    assertThat((byte[]) headers.get("bytes")).containsExactly(9, 8);
  }

  @Test
  void aSendersOwnHeaderOfTheWrappersNameIsReadBackAsItWasSent() throws IOException {
    byte[] table = table(field(ContentHeaderRepair.WRAPPED, 'S', string("the sender's own")));
    byte[] stream = concat(methodFrame(), contentHeaderFrame(table), bodyFrame("[]"));

    Map<String, Object> headers = readHeaders(new RepairingFrameInput(in(stream)));

    assertThat(headers).containsExactly(entry(ContentHeaderRepair.WRAPPED, "the sender's own"));
  }

  @Test
  void aWrappedTableThatRunsPastItsEndBecomesAHeaderThatSaysWhy() {
    byte[] fields = field("task", 'S', lengthPrefixed("demo".getBytes(StandardCharsets.UTF_8)));
    byte[] cut = java.util.Arrays.copyOf(fields, fields.length - 2);

    Map<String, Object> headers =
        AmqpHeaders.fromAmqp(
            Map.of(ContentHeaderRepair.WRAPPED, LongStringHelper.asLongString(cut)));

    assertThat(headers).containsOnlyKeys(ContentHeaderRepair.UNREADABLE);
    assertThat(headers.get(ContentHeaderRepair.UNREADABLE).toString())
        .contains("malformed at byte");
  }

  @Test
  void tablesNestedPastThirtyTwoLevelsAreRefusedWithoutExhaustingTheStack() throws IOException {
    Map<String, Object> deepest = readHeaders(new RepairingFrameInput(in(nested(32))));
    Object level = deepest.get("n");
    for (int i = 1; i < 32; i++) {
      level = ((Map<?, ?>) level).get("n");
    }
    assertThat(level).isEqualTo(Map.of("leaf", 1));

    Map<String, Object> tooDeep = readHeaders(new RepairingFrameInput(in(nested(1_000))));
    assertThat(tooDeep).containsOnlyKeys(ContentHeaderRepair.UNREADABLE);
    assertThat(tooDeep.get(ContentHeaderRepair.UNREADABLE).toString())
        .contains("header 'n'")
        .contains("deeper than 32 levels");
  }

  /** Method, header and body frames whose headers nest tables {@code depth} deep. */
  private static byte[] nested(int depth) {
    byte[] inner = field("leaf", 'I', ByteBuffer.allocate(4).putInt(1).array());
    for (int i = 0; i < depth; i++) {
      inner = field("n", 'F', lengthPrefixed(inner));
    }
    return concat(methodFrame(), contentHeaderFrame(lengthPrefixed(inner)), bodyFrame("[]"));
  }

  @Test
  void aTableWithAnUnknownTypeIsReplacedByAHeaderThatSaysWhy() throws IOException {
    byte[] table =
        table(field("task", 'S', string("demo.add")), field("odd", 'Z', new byte[] {1, 2, 3}));
    byte[] stream = concat(methodFrame(), contentHeaderFrame(table), bodyFrame("[]"));

    Map<String, Object> headers = readHeaders(new RepairingFrameInput(in(stream)));

    assertThat(headers).containsOnlyKeys(ContentHeaderRepair.UNREADABLE);
    assertThat(headers.get(ContentHeaderRepair.UNREADABLE).toString())
        .contains("header 'odd'")
        .contains("field type 'Z'");
  }

  @Test
  void framesSplitAcrossTimedOutReadsArriveWholeAndInOrder() throws IOException {
    byte[] table = table(field("big", 'L', longBytes(1L << 40)));
    byte[] stream = concat(methodFrame(), contentHeaderFrame(table), bodyFrame("[[1,1],{},{}]"));
    InputStream stuttering = new Stuttering(stream, 3);
    RepairingFrameInput input = new RepairingFrameInput(stuttering);
    ByteArrayOutputStream got = new ByteArrayOutputStream();
    byte[] buf = new byte[5];
    while (true) {
      int n;
      try {
        n = input.read(buf, 0, buf.length);
      } catch (SocketTimeoutException e) {
        continue; // what amqp-client does between heartbeats
      }
      if (n < 0) {
        break;
      }
      got.write(buf, 0, n);
    }
    assertThat(got.toByteArray()).isNotEqualTo(stream); // the table was wrapped on the way
    Map<String, Object> headers = readHeaders(in(got.toByteArray()));
    assertThat(headers.get("big")).isEqualTo(1L << 40);
  }

  /**
   * Reads method, header and body frames as amqp-client does and returns the headers as a Fennel
   * delivery reads them.
   */
  private static Map<String, Object> readHeaders(InputStream raw) throws IOException {
    return AmqpHeaders.fromAmqp(amqpClientHeaders(raw));
  }

  /** Reads method, header and body frames as amqp-client does and returns its headers. */
  private static Map<String, Object> amqpClientHeaders(InputStream raw) throws IOException {
    DataInputStream in = new DataInputStream(raw);
    Frame method = Frame.readFrom(in, () -> Integer.MAX_VALUE);
    assertThat(method.getType()).isEqualTo(1);
    Frame header = Frame.readFrom(in, () -> Integer.MAX_VALUE);
    assertThat(header.getType()).isEqualTo(2);
    DataInputStream payload = header.getInputStream();
    AMQP.BasicProperties props = (AMQP.BasicProperties) AMQImpl.readContentHeaderFrom(payload);
    Frame body = Frame.readFrom(in, () -> Integer.MAX_VALUE);
    assertThat(body.getType()).isEqualTo(3);
    return props.getHeaders();
  }

  private static InputStream in(byte[] b) {
    return new ByteArrayInputStream(b);
  }

  private static byte[] methodFrame() {
    // basic.deliver-like method frame; its content is not parsed by the repair
    return frame(1, new byte[] {0, 60, 0, 60, 1, 2, 3});
  }

  private static byte[] bodyFrame(String body) {
    return frame(3, body.getBytes(StandardCharsets.UTF_8));
  }

  private static byte[] contentHeaderFrame(byte[] table) {
    byte[] contentType = string1("application/json");
    ByteBuffer p = ByteBuffer.allocate(14 + contentType.length + table.length);
    p.putShort((short) 60).putShort((short) 0).putLong(12);
    p.putShort((short) ((1 << 15) | (1 << 13)));
    p.put(contentType).put(table);
    return frame(2, p.array());
  }

  private static byte[] frame(int type, byte[] payload) {
    ByteBuffer f = ByteBuffer.allocate(8 + payload.length);
    f.put((byte) type).putShort((short) 1).putInt(payload.length).put(payload).put((byte) 0xCE);
    return f.array();
  }

  private static byte[] table(byte[]... fields) {
    return lengthPrefixed(concat(fields));
  }

  private static byte[] field(String name, char type, byte[] value) {
    return concat(string1(name), new byte[] {(byte) type}, value);
  }

  private static byte[] string1(String s) {
    byte[] b = s.getBytes(StandardCharsets.UTF_8);
    return concat(new byte[] {(byte) b.length}, b);
  }

  private static byte[] string(String s) {
    return lengthPrefixed(s.getBytes(StandardCharsets.UTF_8));
  }

  private static byte[] lengthPrefixed(byte[] b) {
    return ByteBuffer.allocate(4 + b.length).putInt(b.length).put(b).array();
  }

  private static byte[] longBytes(long v) {
    return ByteBuffer.allocate(8).putLong(v).array();
  }

  private static byte[] concat(byte[]... parts) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (byte[] p : parts) {
      out.writeBytes(p);
    }
    return out.toByteArray();
  }

  /** Gives at most {@code step} bytes per read and times out before every other read. */
  private static final class Stuttering extends InputStream {
    private final ByteArrayInputStream in;
    private final int step;
    private boolean timeOut;

    Stuttering(byte[] b, int step) {
      this.in = new ByteArrayInputStream(b);
      this.step = step;
    }

    @Override
    public int read() {
      return in.read();
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      timeOut = !timeOut;
      if (timeOut) {
        throw new SocketTimeoutException("heartbeat interval");
      }
      return in.read(b, off, Math.min(len, step));
    }
  }
}
