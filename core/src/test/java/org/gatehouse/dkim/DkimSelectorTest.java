package org.gatehouse.dkim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;

import org.gatehouse.validation.InvalidFieldException;
import org.junit.jupiter.api.Test;

class DkimSelectorTest {
    @Test
    void ofShouldLowerCaseWhenTheSelectorIsValid() {
        assertThat(DkimSelector.of("GH2026.Mail-1").asString()).isEqualTo("gh2026.mail-1");
    }

    @Test
    void ofShouldNameTheFieldAndReasonWhenTheSyntaxIsWrong() {
        for (String bad : new String[] {"", "-start", "end-", "two..dots", "under_score", "space here", "dot.", "x".repeat(64)}) {
            assertThatThrownBy(() -> DkimSelector.of("selector", bad)).as(bad)
                .isInstanceOfSatisfying(InvalidFieldException.class, e -> {
                    assertThat(e.getField()).isEqualTo("selector");
                    assertThat(e.getReason()).isNotBlank();
                });
        }
    }

    @Test
    void generatedShouldNameTheMonthAndCountFurtherKeysOfTheSameMonth() {
        Clock clock = Clock.fixed(Instant.parse("2026-12-06T22:40:00Z"), ZoneOffset.UTC);

        assertThat(DkimSelector.generated(clock, 1).asString()).isEqualTo("gh202612");
        assertThat(DkimSelector.generated(clock, 2).asString()).isEqualTo("gh202612-2");
        assertThat(DkimSelector.of(DkimSelector.generated(clock, 3).asString())).isEqualTo(DkimSelector.generated(clock, 3));
    }
}
