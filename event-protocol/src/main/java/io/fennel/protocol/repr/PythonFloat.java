package io.fennel.protocol.repr;

import java.math.BigDecimal;

/**
 * Formats a double exactly as Python 3 does (shortest round-trip digits, {@code 2.0}, {@code
 * 1e-05}), for {@code repr(float)}, {@code json.dumps} and the events Celery writes; only the
 * spelling of NaN and the infinities differs between them, and it is a {@link Spelling}.
 */
public final class PythonFloat {
  private PythonFloat() {}

  /** How NaN and the infinities are spelt. */
  public enum Spelling {
    /** Python's {@code repr}: {@code nan}, {@code inf}, {@code -inf}. */
    REPR("nan", "inf"),
    /** Python's {@code json.dumps}: {@code NaN}, {@code Infinity}, {@code -Infinity}. */
    JSON("NaN", "Infinity");

    private final String nan;
    private final String infinity;

    Spelling(String nan, String infinity) {
      this.nan = nan;
      this.infinity = infinity;
    }
  }

  /** {@link #format(double, Spelling)} with {@link Spelling#REPR}: Python's {@code repr(float)}. */
  public static String repr(double value) {
    return format(value, Spelling.REPR);
  }

  /**
   * Python's {@code float.__repr__}: the shortest digits that round-trip, in fixed notation when
   * the decimal exponent is in (-4, 16] (always with a fraction: {@code 2.0}), otherwise {@code
   * d.ddde+XX}; NaN and the infinities as {@code spelling} spells them.
   */
  public static String format(double value, Spelling spelling) {
    if (Double.isNaN(value)) {
      return spelling.nan;
    }
    if (Double.isInfinite(value)) {
      return value > 0 ? spelling.infinity : "-" + spelling.infinity;
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
