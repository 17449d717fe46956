package io.fennel.protocol.event;

import io.fennel.protocol.PythonJson;
import io.fennel.protocol.repr.PythonDumps;
import java.util.List;

/**
 * Writes an event straight to text, without a JSON tree, byte for byte as {@link EventWriter}'s
 * tree is dumped: Celery's key order, Python's separators and escapes, floats as {@code repr}.
 * Events with extras take the tree path, so unmodelled fields keep exactly their old spelling.
 */
final class EventJson {

  private EventJson() {}

  /** Appends the event's JSON object to {@code out}. */
  static void write(StringBuilder out, Event event) {
    if (!event.extra().isEmpty()) {
      out.append(PythonJson.write(EventWriter.write(event)));
      return;
    }
    EventFields f = event.fields();
    out.append('{');
    out.append("\"hostname\": ");
    string(out, f.hostname());
    if (f.utcoffset() != null) {
      key(out, "utcoffset").append(f.utcoffset().intValue());
    }
    if (f.pid() != null) {
      key(out, "pid").append(f.pid().intValue());
    }
    key(out, "clock").append(f.clock());
    switch (event) {
      case TaskSent e -> {
        text(out, "uuid", e.uuid());
        text(out, "root_id", e.rootId());
        text(out, "parent_id", e.parentId());
        text(out, "name", e.name());
        text(out, "args", e.args());
        text(out, "kwargs", e.kwargs());
        integer(out, "retries", e.retries());
        text(out, "eta", e.eta());
        text(out, "expires", e.expires());
        text(out, "queue", e.queue());
        text(out, "exchange", e.exchange());
        text(out, "routing_key", e.routingKey());
      }
      case TaskReceived e -> {
        text(out, "uuid", e.uuid());
        text(out, "name", e.name());
        text(out, "args", e.args());
        text(out, "kwargs", e.kwargs());
        text(out, "root_id", e.rootId());
        text(out, "parent_id", e.parentId());
        integer(out, "retries", e.retries());
        text(out, "eta", e.eta());
        text(out, "expires", e.expires());
      }
      case TaskStarted e -> text(out, "uuid", e.uuid());
      case TaskSucceeded e -> {
        text(out, "uuid", e.uuid());
        text(out, "result", e.result());
        key(out, "runtime");
        if (e.runtime() == null) {
          out.append("null");
        } else {
          number(out, e.runtime());
        }
      }
      case TaskFailed e -> {
        text(out, "uuid", e.uuid());
        text(out, "exception", e.exception());
        text(out, "traceback", e.traceback());
      }
      case TaskRetried e -> {
        text(out, "uuid", e.uuid());
        text(out, "exception", e.exception());
        text(out, "traceback", e.traceback());
      }
      case TaskRejected e -> {
        text(out, "uuid", e.uuid());
        bool(out, "requeue", e.requeue());
      }
      case TaskRevoked e -> {
        text(out, "uuid", e.uuid());
        bool(out, "terminated", e.terminated());
        integer(out, "signum", e.signum());
        bool(out, "expired", e.expired());
      }
      case WorkerEvent e -> {
        key(out, "freq");
        number(out, e.freq());
        key(out, "active").append(e.active());
        key(out, "processed").append(e.processed());
        key(out, "loadavg");
        floats(out, e.loadavg());
        text(out, "sw_ident", e.swIdent());
        text(out, "sw_ver", e.swVer());
        text(out, "sw_sys", e.swSys());
      }
      case UnknownEvent e -> {}
    }
    key(out, "timestamp");
    number(out, f.timestamp());
    text(out, "type", event.type());
    out.append('}');
  }

  /** Appends the events as one JSON list, Python's {@code ", "} between them. */
  static void writeList(StringBuilder out, List<? extends Event> events) {
    out.append('[');
    for (int i = 0; i < events.size(); i++) {
      if (i > 0) {
        out.append(", ");
      }
      write(out, events.get(i));
    }
    out.append(']');
  }

  private static StringBuilder key(StringBuilder out, String key) {
    return out.append(", \"").append(key).append("\": ");
  }

  private static void text(StringBuilder out, String key, String value) {
    string(key(out, key), value);
  }

  private static void integer(StringBuilder out, String key, Integer value) {
    if (value == null) {
      key(out, key).append("null");
    } else {
      key(out, key).append(value.intValue());
    }
  }

  private static void bool(StringBuilder out, String key, Boolean value) {
    key(out, key).append(value == null ? "null" : value ? "true" : "false");
  }

  private static void floats(StringBuilder out, List<Double> values) {
    if (values == null) {
      out.append("null");
      return;
    }
    out.append('[');
    for (int i = 0; i < values.size(); i++) {
      if (i > 0) {
        out.append(", ");
      }
      number(out, values.get(i));
    }
    out.append(']');
  }

  /** A JSON string as {@code json.dumps} writes it: printable ASCII kept, the rest escaped. */
  static void string(StringBuilder out, String s) {
    if (s == null) {
      out.append("null");
      return;
    }
    PythonDumps.string(out, s);
  }

  /**
   * A float as {@code json.dumps} writes it (Python's {@code repr}, {@code NaN}, {@code Infinity}),
   * from the shortest round-trip digits of {@link Double#toString} without building a {@code
   * BigDecimal}.
   */
  static void number(StringBuilder out, double value) {
    if (Double.isNaN(value)) {
      out.append("NaN");
      return;
    }
    if (Double.isInfinite(value)) {
      out.append(value > 0 ? "Infinity" : "-Infinity");
      return;
    }
    if (value == 0.0) {
      out.append(1.0 / value < 0 ? "-0.0" : "0.0");
      return;
    }
    if (value < 0) {
      out.append('-');
    }
    String s = Double.toString(Math.abs(value));
    int e = s.indexOf('E');
    if (e < 0) {
      // 0.001 <= |value| < 10^7: Java's shortest digits, positioned as Python's repr puts them
      out.append(s);
      return;
    }
    if (s.charAt(e + 1) != '-') {
      // d.dddE<n> with 7 <= n <= 15 (a timestamp): the digits moved n places, nothing copied
      int exp = Integer.parseInt(s, e + 1, s.length(), 10);
      if (exp <= 15) {
        int fraction = e == 3 && s.charAt(2) == '0' ? 0 : e - 2; // "1.0E9" has no fraction digits
        out.append(s.charAt(0));
        if (fraction <= exp) {
          out.append(s, 2, 2 + fraction).repeat('0', exp - fraction).append(".0");
        } else {
          out.append(s, 2, 2 + exp).append('.').append(s, 2 + exp, e);
        }
        return;
      }
    }
    String mantissa = e < 0 ? s : s.substring(0, e);
    int exp10 = e < 0 ? 0 : Integer.parseInt(s, e + 1, s.length(), 10);
    int dot = mantissa.indexOf('.');
    // digits of the mantissa without the dot; the value is 0.<digits> x 10^decpt
    StringBuilder digits = new StringBuilder(mantissa.length());
    digits.append(mantissa, 0, dot).append(mantissa, dot + 1, mantissa.length());
    int decpt = dot + exp10;
    int lead = 0;
    while (lead < digits.length() - 1 && digits.charAt(lead) == '0') {
      lead++;
    }
    decpt -= lead;
    int end = digits.length();
    while (end > lead + 1 && digits.charAt(end - 1) == '0') {
      end--;
    }
    String d = digits.substring(lead, end);
    if (decpt > -4 && decpt <= 16) {
      if (decpt <= 0) {
        out.append("0.");
        out.repeat('0', -decpt);
        out.append(d);
      } else if (decpt >= d.length()) {
        out.append(d);
        out.repeat('0', decpt - d.length());
        out.append(".0");
      } else {
        out.append(d, 0, decpt).append('.').append(d, decpt, d.length());
      }
      return;
    }
    int exponent = decpt - 1;
    out.append(d.charAt(0));
    if (d.length() > 1) {
      out.append('.').append(d, 1, d.length());
    }
    out.append('e').append(exponent < 0 ? '-' : '+');
    int abs = Math.abs(exponent);
    if (abs < 10) {
      out.append('0');
    }
    out.append(abs);
  }
}
