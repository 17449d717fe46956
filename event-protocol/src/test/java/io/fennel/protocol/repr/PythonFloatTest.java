package io.fennel.protocol.repr;

import static org.assertj.core.api.Assertions.assertThat;

import io.fennel.protocol.repr.PythonFloat.Spelling;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;

/** Python's float formatting, with NaN and the infinities spelt as repr or as json.dumps does. */
class PythonFloatTest {

  @Test
  void nanAndTheInfinitiesAreSpeltAsTheSpellingSays() {
    assertThat(PythonFloat.format(Double.NaN, Spelling.REPR)).isEqualTo("nan");
    assertThat(PythonFloat.format(Double.POSITIVE_INFINITY, Spelling.REPR)).isEqualTo("inf");
    assertThat(PythonFloat.format(Double.NEGATIVE_INFINITY, Spelling.REPR)).isEqualTo("-inf");
    assertThat(PythonFloat.format(Double.NaN, Spelling.JSON)).isEqualTo("NaN");
    assertThat(PythonFloat.format(Double.POSITIVE_INFINITY, Spelling.JSON)).isEqualTo("Infinity");
    assertThat(PythonFloat.format(Double.NEGATIVE_INFINITY, Spelling.JSON)).isEqualTo("-Infinity");
    assertThat(PythonFloat.repr(Double.NaN)).isEqualTo("nan");
  }

  @Property
  void bothSpellingsWriteEveryFiniteDoubleAlikeAndItReadsBack(@ForAll double d) {
    if (Double.isFinite(d)) {
      String repr = PythonFloat.format(d, Spelling.REPR);
      assertThat(PythonFloat.format(d, Spelling.JSON)).isEqualTo(repr);
      assertThat(Double.parseDouble(repr)).isEqualTo(d);
    }
  }
}
