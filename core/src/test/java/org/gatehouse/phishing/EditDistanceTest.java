package org.gatehouse.phishing;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class EditDistanceTest {
    @Test
    void alignShouldCountAnAdjacentSwapAsOneTransposition() {
        assertThat(EditDistance.align("micorsoft", "microsoft")).isEqualTo(new EditDistance.Alignment(1, 1));
        assertThat(EditDistance.align("ab", "ba")).isEqualTo(new EditDistance.Alignment(1, 1));
    }

    @Test
    void alignShouldCountInsertionsDeletionsAndSubstitutionsAsOtherEdits() {
        assertThat(EditDistance.align("paypall", "paypal")).isEqualTo(new EditDistance.Alignment(1, 0));
        assertThat(EditDistance.align("paypl", "paypal")).isEqualTo(new EditDistance.Alignment(1, 0));
        assertThat(EditDistance.align("paypak", "paypal")).isEqualTo(new EditDistance.Alignment(1, 0));
        assertThat(EditDistance.align("micorsofft", "microsoft")).isEqualTo(new EditDistance.Alignment(2, 1));
        assertThat(EditDistance.align("", "ups")).isEqualTo(new EditDistance.Alignment(3, 0));
    }

    @Test
    void distanceShouldNotUseATranspositionForNonAdjacentLetters() {
        assertThat(EditDistance.distance("abode", "adobe")).isEqualTo(2);
        assertThat(EditDistance.distance("amazonses", "amazon")).isEqualTo(3);
    }

    @Test
    void distanceShouldCountCodePointsNotCharsWhenOutsideTheBasicPlane() {
        assertThat(EditDistance.distance("pay\uD83D\uDCB0pal", "paypal")).isEqualTo(1); // money bag emoji, one code point in two chars
    }
}
