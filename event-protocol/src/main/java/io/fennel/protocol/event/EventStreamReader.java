package io.fennel.protocol.event;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import io.fennel.protocol.PythonJson;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads well-formed event bodies straight from the parser's tokens, without building a JSON tree
 * first: the console's hot path. It hands back {@code null} for anything out of the ordinary (a
 * field of the wrong type, a missing required field, a modelled field the event's type does not
 * read, a duplicate key, an unmodelled field holding an object or list, trailing content, invalid
 * JSON), and {@link EventCodec} then reads the body the strict way with {@link EventReader}, so the
 * result and every error are exactly that reader's. Unmodelled fields are read as JSON trees by the
 * same mapper, so the extras are the same too.
 */
final class EventStreamReader {
  private EventStreamReader() {}

  /** What a modelled field holds on the wire. */
  private enum Kind {
    STRING,
    INT,
    LONG,
    DOUBLE,
    BOOLEAN,
    DOUBLE_LIST
  }

  /** The modelled fields of every type, in the order of the slot numbers below. */
  private static final String[] NAMES =
      ("type hostname utcoffset pid clock timestamp uuid root_id parent_id name args kwargs"
              + " retries eta expires queue exchange routing_key result runtime exception traceback"
              + " requeue terminated signum expired freq active processed loadavg sw_ident sw_ver"
              + " sw_sys")
          .split(" ");

  private static final Kind[] KINDS = new Kind[NAMES.length];
  private static final Map<String, Integer> SLOTS = new java.util.HashMap<>();

  private static final int TYPE = 0;
  private static final int HOSTNAME = 1;
  private static final int UTCOFFSET = 2;
  private static final int PID = 3;
  private static final int CLOCK = 4;
  private static final int TIMESTAMP = 5;
  private static final int UUID = 6;
  private static final int ROOT_ID = 7;
  private static final int PARENT_ID = 8;
  private static final int NAME = 9;
  private static final int ARGS = 10;
  private static final int KWARGS = 11;
  private static final int RETRIES = 12;
  private static final int ETA = 13;
  private static final int EXPIRES = 14;
  private static final int QUEUE = 15;
  private static final int EXCHANGE = 16;
  private static final int ROUTING_KEY = 17;
  private static final int RESULT = 18;
  private static final int RUNTIME = 19;
  private static final int EXCEPTION = 20;
  private static final int TRACEBACK = 21;
  private static final int REQUEUE = 22;
  private static final int TERMINATED = 23;
  private static final int SIGNUM = 24;
  private static final int EXPIRED = 25;
  private static final int FREQ = 26;
  private static final int ACTIVE = 27;
  private static final int PROCESSED = 28;
  private static final int LOADAVG = 29;
  private static final int SW_IDENT = 30;
  private static final int SW_VER = 31;
  private static final int SW_SYS = 32;

  static {
    for (int i = 0; i < NAMES.length; i++) {
      NAMES[i] = NAMES[i].intern(); // as Jackson's field names are: a lookup hit is then ==
      SLOTS.put(NAMES[i], i);
      KINDS[i] = Kind.STRING;
    }
    kinds(Kind.INT, "utcoffset pid retries signum active");
    kinds(Kind.LONG, "clock processed");
    kinds(Kind.DOUBLE, "timestamp runtime freq");
    kinds(Kind.BOOLEAN, "requeue terminated expired");
    kinds(Kind.DOUBLE_LIST, "loadavg");
  }

  private static void kinds(Kind kind, String names) {
    for (String name : names.split(" ")) {
      KINDS[SLOTS.get(name)] = kind;
    }
  }

  /** The fields each type reads, as bits over {@link #NAMES}: what {@link EventReader} takes. */
  private static final long COMMON = bits("type hostname utcoffset pid clock timestamp");

  private static final long SENT =
      COMMON
          | bits("uuid root_id parent_id name args kwargs retries eta expires queue exchange")
          | bits("routing_key");
  private static final long RECEIVED =
      COMMON | bits("uuid name args kwargs root_id parent_id retries eta expires");
  private static final long STARTED = COMMON | bits("uuid");
  private static final long SUCCEEDED = COMMON | bits("uuid result runtime");
  private static final long FAILED = COMMON | bits("uuid exception traceback");
  private static final long REJECTED = COMMON | bits("uuid requeue");
  private static final long REVOKED = COMMON | bits("uuid terminated signum expired");
  private static final long WORKER =
      COMMON | bits("freq active processed loadavg sw_ident sw_ver sw_sys");

  private static long bits(String names) {
    long b = 0;
    for (String name : names.split(" ")) {
      b |= 1L << SLOTS.get(name);
    }
    return b;
  }

  /** Thrown inside this reader when the body needs the strict reader; never escapes. */
  private static final class Unusual extends RuntimeException {
    private static final long serialVersionUID = 1L;

    Unusual() {
      super(null, null, false, false);
    }
  }

  private static final Unusual UNUSUAL = new Unusual();

  /** The events of {@code body}, or null when it is anything but an ordinary event body. */
  static List<Event> read(byte[] body) {
    try (JsonParser p = PythonJson.MAPPER.createParser(body)) {
      // Duplicate keys are caught below, cheaper than Jackson's per-object set of names; nested
      // values go to the strict reader, which checks them. Both double parsers round correctly.
      p.disable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
      p.enable(JsonParser.Feature.USE_FAST_DOUBLE_PARSER);
      JsonToken t = p.nextToken();
      Object[] values = new Object[NAMES.length]; // one per body, cleared for each event
      List<Event> events;
      if (t == JsonToken.START_OBJECT) {
        events = List.of(event(p, values));
      } else if (t == JsonToken.START_ARRAY) {
        List<Event> out = new ArrayList<>();
        while ((t = p.nextToken()) == JsonToken.START_OBJECT) {
          out.add(event(p, values));
        }
        if (t != JsonToken.END_ARRAY) {
          return null;
        }
        events = List.copyOf(out);
      } else {
        return null;
      }
      return p.nextToken() == null ? events : null;
    } catch (IOException | RuntimeException e) {
      return null;
    }
  }

  /**
   * One event object, the parser at its start; leaves the parser at its end. {@code v} holds the
   * modelled fields' values while it is read.
   */
  private static Event event(JsonParser p, Object[] v) throws IOException {
    java.util.Arrays.fill(v, null);
    long present = 0;
    Map<String, JsonNode> extra = null;
    String field;
    while ((field = p.nextFieldName()) != null) {
      Integer slot = SLOTS.get(field);
      JsonToken t = p.nextToken();
      if (slot == null) {
        if (t == JsonToken.START_OBJECT || t == JsonToken.START_ARRAY) {
          throw UNUSUAL; // nested keys are checked for duplicates by the strict reader
        }
        if (extra == null) {
          extra = new LinkedHashMap<>();
        }
        if (extra.put(field, PythonJson.MAPPER.readTree(p)) != null) {
          throw UNUSUAL; // a duplicate key
        }
      } else {
        long bit = 1L << slot;
        if ((present & bit) != 0) {
          throw UNUSUAL; // a duplicate key
        }
        present |= bit;
        v[slot] = value(p, KINDS[slot]);
      }
    }
    if (p.currentToken() != JsonToken.END_OBJECT) {
      throw UNUSUAL;
    }
    String type = (String) v[TYPE];
    if (type == null || type.isEmpty()) {
      throw UNUSUAL;
    }
    long reads =
        switch (type) {
          case TaskSent.TYPE -> SENT;
          case TaskReceived.TYPE -> RECEIVED;
          case TaskStarted.TYPE -> STARTED;
          case TaskSucceeded.TYPE -> SUCCEEDED;
          case TaskFailed.TYPE, TaskRetried.TYPE -> FAILED;
          case TaskRejected.TYPE -> REJECTED;
          case TaskRevoked.TYPE -> REVOKED;
          case WorkerOnline.TYPE, WorkerHeartbeat.TYPE, WorkerOffline.TYPE -> WORKER;
          default -> COMMON;
        };
    if ((present & ~reads) != 0) {
      throw UNUSUAL; // a modelled field this type keeps as an extra: the strict reader orders them
    }
    Map<String, JsonNode> rest = extra == null ? Map.of() : extra;
    EventFields fields =
        new EventFields(
            required(v, HOSTNAME),
            (Integer) v[UTCOFFSET],
            (Integer) v[PID],
            required(v, CLOCK),
            required(v, TIMESTAMP));
    return switch (type) {
      case TaskSent.TYPE ->
          new TaskSent(
              fields,
              required(v, UUID),
              (String) v[ROOT_ID],
              (String) v[PARENT_ID],
              (String) v[NAME],
              (String) v[ARGS],
              (String) v[KWARGS],
              (Integer) v[RETRIES],
              (String) v[ETA],
              (String) v[EXPIRES],
              (String) v[QUEUE],
              (String) v[EXCHANGE],
              (String) v[ROUTING_KEY],
              rest);
      case TaskReceived.TYPE ->
          new TaskReceived(
              fields,
              required(v, UUID),
              (String) v[NAME],
              (String) v[ARGS],
              (String) v[KWARGS],
              (String) v[ROOT_ID],
              (String) v[PARENT_ID],
              (Integer) v[RETRIES],
              (String) v[ETA],
              (String) v[EXPIRES],
              rest);
      case TaskStarted.TYPE -> new TaskStarted(fields, required(v, UUID), rest);
      case TaskSucceeded.TYPE ->
          new TaskSucceeded(
              fields, required(v, UUID), (String) v[RESULT], (Double) v[RUNTIME], rest);
      case TaskFailed.TYPE ->
          new TaskFailed(
              fields, required(v, UUID), (String) v[EXCEPTION], (String) v[TRACEBACK], rest);
      case TaskRetried.TYPE ->
          new TaskRetried(
              fields, required(v, UUID), (String) v[EXCEPTION], (String) v[TRACEBACK], rest);
      case TaskRejected.TYPE ->
          new TaskRejected(fields, required(v, UUID), (Boolean) v[REQUEUE], rest);
      case TaskRevoked.TYPE ->
          new TaskRevoked(
              fields,
              required(v, UUID),
              (Boolean) v[TERMINATED],
              (Integer) v[SIGNUM],
              (Boolean) v[EXPIRED],
              rest);
      case WorkerOnline.TYPE -> worker(v, fields, rest, WorkerOnline::new);
      case WorkerHeartbeat.TYPE -> worker(v, fields, rest, WorkerHeartbeat::new);
      case WorkerOffline.TYPE -> worker(v, fields, rest, WorkerOffline::new);
      default -> new UnknownEvent(type, fields, rest);
    };
  }

  @SuppressWarnings("unchecked")
  private static Event worker(
      Object[] v, EventFields fields, Map<String, JsonNode> rest, WorkerEvent.Constructor make) {
    return make.make(
        fields,
        (Double) required(v, FREQ),
        (Integer) required(v, ACTIVE),
        (Long) required(v, PROCESSED),
        (List<Double>) v[LOADAVG],
        (String) v[SW_IDENT],
        (String) v[SW_VER],
        (String) v[SW_SYS],
        rest);
  }

  @SuppressWarnings("unchecked")
  private static <T> T required(Object[] v, int slot) {
    Object value = v[slot];
    if (value == null) {
      throw UNUSUAL;
    }
    return (T) value;
  }

  /** The current value as {@code kind} (null for JSON null), or {@link #UNUSUAL}. */
  private static Object value(JsonParser p, Kind kind) throws IOException {
    JsonToken t = p.currentToken();
    if (t == JsonToken.VALUE_NULL) {
      return null;
    }
    return switch (kind) {
      case STRING -> {
        if (t != JsonToken.VALUE_STRING) {
          throw UNUSUAL;
        }
        yield p.getText();
      }
      case INT -> {
        if (t != JsonToken.VALUE_NUMBER_INT || p.getNumberType() != JsonParser.NumberType.INT) {
          throw UNUSUAL;
        }
        yield p.getIntValue();
      }
      case LONG -> {
        if (t != JsonToken.VALUE_NUMBER_INT
            || p.getNumberType() == JsonParser.NumberType.BIG_INTEGER) {
          throw UNUSUAL;
        }
        yield p.getLongValue();
      }
      case DOUBLE -> number(p, t);
      case BOOLEAN -> {
        if (t != JsonToken.VALUE_TRUE && t != JsonToken.VALUE_FALSE) {
          throw UNUSUAL;
        }
        yield t == JsonToken.VALUE_TRUE;
      }
      case DOUBLE_LIST -> {
        if (t != JsonToken.START_ARRAY) {
          throw UNUSUAL;
        }
        List<Double> numbers = new ArrayList<>(3);
        while ((t = p.nextToken()) != JsonToken.END_ARRAY) {
          numbers.add(number(p, t));
        }
        yield numbers;
      }
    };
  }

  /** A number as a double, as a JSON tree's node would give it. */
  private static Double number(JsonParser p, JsonToken t) throws IOException {
    if (t == JsonToken.VALUE_NUMBER_FLOAT) {
      return p.getDoubleValue();
    }
    if (t != JsonToken.VALUE_NUMBER_INT || p.getNumberType() == JsonParser.NumberType.BIG_INTEGER) {
      throw UNUSUAL;
    }
    return (double) p.getLongValue();
  }
}
