package io.fennel.protocol.repr;

import java.math.BigDecimal;

/** Formats a double exactly as Python 3's {@code repr(float)} does (shortest round-trip digits). */
final class PythonFloat {
  private PythonFloat() {}

  /**
   * Python's {@code float.__repr__}: the shortest digits that round-trip, in fixed notation when
   * the decimal exponent is in (-4, 16], otherwise {@code d.ddde+XX}; {@code inf}, {@code nan}.
   */
  static String repr(double value) {
    if (Double.isNaN(value)) {
      return "nan";
    }
    if (Double.isInfinite(value)) {
      return value > 0 ? "inf" : "-inf";
    }
    if (value == 0.0) {
      return (1.0 / value < 0) ? "-0.0" : "0.0";
    }
    // Double.toString gives the shortest round-trip digits (JDK 19+).
    BigDecimal exact = new BigDecimal(Double.toString(Math.abs(value))).stripTrailingZeros();
    String digits = exact.unscaledValue().toString();
    // value = 0.<digits> x 10^decpt
    int decpt = digits.length() - exact.scale();
    String sign = value < 0 ? "-" : "";
    if (decpt > -4 && decpt <= 16) {
      return sign + fixed(digits, decpt);
    }
    int exponent = decpt - 1;
    String mantissa = digits.length() == 1 ? digits : digits.charAt(0) + "." + digits.substring(1);
    String exp = String.valueOf(Math.abs(exponent));
    return sign
        + mantissa
        + "e"
        + (exponent < 0 ? "-" : "+")
        + (exp.length() < 2 ? "0" + exp : exp);
  }

  private static String fixed(String digits, int decpt) {
    if (decpt <= 0) {
      return "0." + "0".repeat(-decpt) + digits;
    }
    if (decpt >= digits.length()) {
      return digits + "0".repeat(decpt - digits.length()) + ".0";
    }
    return digits.substring(0, decpt) + "." + digits.substring(decpt);
  }
}
