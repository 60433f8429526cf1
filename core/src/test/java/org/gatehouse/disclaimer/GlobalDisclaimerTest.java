package org.gatehouse.disclaimer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Optional;

import org.gatehouse.validation.InvalidFieldException;
import org.junit.jupiter.api.Test;

class GlobalDisclaimerTest {
    @Test
    void ofShouldGiveNoneForEmptyOrBlankValues() {
        assertThat(GlobalDisclaimer.of(Optional.empty(), Optional.empty())).isEqualTo(GlobalDisclaimer.none());
        assertThat(GlobalDisclaimer.of(Optional.of(" "), Optional.of("")).stamp()).isEmpty();
    }

    @Test
    void ofShouldSanitiseAndPutTheStampAtTheBottom() {
        Disclaimer stamp = GlobalDisclaimer.of(Optional.of("Scanned by Example Hosting."),
            Optional.of("<p onclick=\"x()\">Scanned by <b>Example</b><script>x()</script></p>")).stamp().orElseThrow();

        assertThat(stamp.text()).isEqualTo("Scanned by Example Hosting.");
        assertThat(stamp.html()).isEqualTo("<p>Scanned by <b>Example</b></p>");
        assertThat(stamp.position()).isEqualTo(DisclaimerPosition.BOTTOM);
    }

    @Test
    void ofShouldNameTheKeyOfABadValue() {
        assertThatThrownBy(() -> GlobalDisclaimer.of(Optional.of("a\u0000b"), Optional.empty()))
            .isInstanceOfSatisfying(InvalidFieldException.class, e -> assertThat(e.getField()).isEqualTo(GlobalDisclaimer.TEXT_KEY));
        assertThatThrownBy(() -> GlobalDisclaimer.of(Optional.empty(), Optional.of("<script>x()</script>")))
            .isInstanceOfSatisfying(InvalidFieldException.class, e -> assertThat(e.getField()).isEqualTo(GlobalDisclaimer.HTML_KEY));
    }
}
