package io.fennel.protocol.result;

import com.fasterxml.jackson.databind.JsonNode;
import io.fennel.protocol.ProtocolException;
import io.fennel.protocol.PythonJson;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * What a result record written by another client (celery-node, a hand-rolled worker) holds that
 * Fennel could read but not interpret, in words for the person reading it: a FAILURE with no
 * exception, a traceback that is not one.
 */
public final class ResultNotes {
  private static final Set<String> EXCEPTION_STATES = Set.of("FAILURE", "REVOKED", "RETRY");

  private ResultNotes() {}

  /** A key's text: a string as it is, null as null, anything else as its JSON text. */
  static String text(JsonNode node, String key) {
    JsonNode v = node.get(key);
    if (v == null || v.isNull()) {
      return null;
    }
    return v.isTextual() ? v.textValue() : PythonJson.write(v);
  }

  /** The notes on a record; empty when it is what Python Celery writes. */
  public static List<String> of(ResultRecord r) {
    List<String> notes = new ArrayList<>();
    boolean failed = EXCEPTION_STATES.contains(r.status());
    if (failed) {
      try {
        if (r.exception().isEmpty()) {
          notes.add(
              "the "
                  + r.status()
                  + " record carries no exception (result is "
                  + PythonJson.excerpt(PythonJson.write(r.result()))
                  + "), so the error's type and message are unknown; the worker that wrote it"
                  + " (celery-node writes failures so) did not store them");
        }
      } catch (ProtocolException e) {
        notes.add("the exception in the record could not be read: " + e.getMessage());
      }
    }
    String tb = r.traceback();
    if (tb != null && !tb.startsWith("Traceback")) {
      notes.add(
          failed
              ? "traceback is "
                  + PythonJson.excerpt(tb)
                  + ", not a Python traceback; shown as written"
              : "traceback is "
                  + PythonJson.excerpt(tb)
                  + " on a "
                  + r.status()
                  + " record, where Celery writes none; ignored");
    }
    return notes;
  }
}
