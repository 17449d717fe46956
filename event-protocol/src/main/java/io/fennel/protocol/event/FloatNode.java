package io.fennel.protocol.event;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.DecimalNode;
import com.fasterxml.jackson.databind.node.DoubleNode;
import io.fennel.protocol.repr.PythonFloat;
import java.math.BigDecimal;

/** The JSON number of an event's float field, written as Python writes the float. */
final class FloatNode {
  private FloatNode() {}

  /**
   * A JSON number that {@link io.fennel.protocol.PythonJson} writes as {@link PythonFloat#repr};
   * exact in the plain range, equal in value (but written {@code 1.0E-5}) outside it.
   */
  static JsonNode of(double d) {
    String repr = PythonFloat.repr(d);
    if (!Double.isFinite(d) || repr.indexOf('e') >= 0) {
      return DoubleNode.valueOf(d);
    }
    return DecimalNode.valueOf(new BigDecimal(repr));
  }
}
