package io.fennel.protocol.event;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.DecimalNode;
import com.fasterxml.jackson.databind.node.DoubleNode;
import java.math.BigDecimal;

/**
 * Writes a double the way Python's {@code repr(float)} does ({@code 2.0}, {@code
 * 1795503004.4924262}).
 */
final class PythonFloat {
  private PythonFloat() {}

  /**
   * Python's {@code repr}: the shortest digits that read back to the same double, plain between
   * 1e-4 and 1e16 (always with a fraction, {@code 2.0}), else {@code 1e-05} / {@code 1e+16}.
   */
  static String repr(double d) {
    if (Double.isNaN(d)) {
      return "NaN";
    }
    if (Double.isInfinite(d)) {
      return d > 0 ? "Infinity" : "-Infinity";
    }
    if (d == 0) {
      return (1 / d < 0) ? "-0.0" : "0.0";
    }
    // Double.toString gives the shortest round-tripping digits (JDK 19+), like Python.
    BigDecimal shortest = new BigDecimal(Double.toString(d)).stripTrailingZeros();
    int exponent = shortest.precision() - shortest.scale() - 1;
    if (exponent < -4 || exponent >= 16) {
      String digits = shortest.unscaledValue().abs().toString();
      String mantissa =
          digits.length() == 1 ? digits : digits.charAt(0) + "." + digits.substring(1);
      int abs = Math.abs(exponent);
      return (d < 0 ? "-" : "")
          + mantissa
          + "e"
          + (exponent < 0 ? "-" : "+")
          + (abs < 10 ? "0" : "")
          + abs;
    }
    String plain = shortest.toPlainString();
    return plain.indexOf('.') >= 0 ? plain : plain + ".0";
  }

  /**
   * A JSON number that {@link io.fennel.protocol.PythonJson} writes as {@link #repr}; exact in the
   * plain range, equal in value (but written {@code 1.0E-5}) outside it.
   */
  static JsonNode node(double d) {
    String repr = repr(d);
    if (!Double.isFinite(d) || repr.indexOf('e') >= 0) {
      return DoubleNode.valueOf(d);
    }
    return DecimalNode.valueOf(new BigDecimal(repr));
  }
}
