package org.gatehouse.scoring.learning;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.gatehouse.validation.InvalidFieldException;
import org.junit.jupiter.api.Test;

class LabelTest {
    @Test
    void parseShouldReadSpamAndHamInAnyCase() {
        assertThat(Label.parse("as", "spam")).isEqualTo(Label.SPAM);
        assertThat(Label.parse("as", " HAM ")).isEqualTo(Label.HAM);
    }

    @Test
    void parseShouldNameTheFieldWhenTheValueIsNeitherSpamNorHam() {
        assertThatThrownBy(() -> Label.parse("as", "junk"))
            .isInstanceOfSatisfying(InvalidFieldException.class, e -> assertThat(e.getField()).isEqualTo("as"));
        assertThatThrownBy(() -> Label.parse("as", null)).isInstanceOf(InvalidFieldException.class);
    }
}
