package org.gatehouse.dlp;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class UsSsnDetectorTest {
    private static final Detector DETECTOR = new UsSsnDetector();

    @Test
    void scanShouldFindADashedNumberWithoutContext() {
        assertThat(Detections.keys(DETECTOR, "Employee 536-22-1234 starts Monday")).containsExactly("536221234");
    }

    @Test
    void scanShouldFindBareOrSpacedNumbersOnlyNearASocialSecurityTerm() {
        assertThat(Detections.keys(DETECTOR, "SSN: 536221234")).containsExactly("536221234");
        assertThat(Detections.keys(DETECTOR, "Her social security number is 536 22 1234.")).containsExactly("536221234");
        assertThat(Detections.keys(DETECTOR, "536221234 (Social-Security)")).containsExactly("536221234");
        assertThat(Detections.keys(DETECTOR, "Reference 536221234 for your order")).isEmpty();
        assertThat(Detections.keys(DETECTOR, "Reference 536 22 1234 for your order")).isEmpty();
    }

    @Test
    void scanShouldIgnoreATermMoreThanTheWindowAway() {
        String far = "SSN " + "word ".repeat(UsSsnDetector.CONTEXT_WINDOW + 1) + "536221234";
        String near = "SSN " + "word ".repeat(UsSsnDetector.CONTEXT_WINDOW - 1) + "536221234";

        assertThat(Detections.keys(DETECTOR, far)).isEmpty();
        assertThat(Detections.keys(DETECTOR, near)).containsExactly("536221234");
    }

    @ParameterizedTest
    @ValueSource(strings = {"000-12-3456", "666-12-3456", "900-12-3456", "999-12-3456", "123-00-4567", "123-45-0000",
        "078-05-1120", "219-09-9999", "123-456-7890", "12-345-6789", "123-45-67890", "1234-56-7890", "A123-45-6789",
        "123-45-6789-1", "123-45 6789"})
    void scanShouldFindNothingWhenTheNumberBreaksTheRules(String value) {
        assertThat(Detections.keys(DETECTOR, "SSN " + value + " end")).isEmpty();
    }

    @Test
    void scanShouldFindNothingInRandomNumbersDatesAndPhonesWithoutContext() {
        Random random = new Random(21);
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < 3000; i++) {
            text.append(Detections.randomDigits(9, random)).append(' ')
                .append(Detections.randomDigits(3, random)).append(' ').append(Detections.randomDigits(2, random)).append(' ')
                .append(Detections.randomDigits(4, random)).append(" | ")
                .append(String.format("%04d-%02d-%02d", 1990 + random.nextInt(40), 1 + random.nextInt(12), 1 + random.nextInt(28)))
                .append(" (").append(Detections.randomDigits(3, random)).append(") ").append(Detections.randomDigits(3, random))
                .append('-').append(Detections.randomDigits(4, random))
                .append(' ').append(Detections.randomDigits(3, random)).append('-').append(Detections.randomDigits(3, random))
                .append('-').append(Detections.randomDigits(4, random)).append('\n');
        }

        assertThat(Detections.keys(DETECTOR, text.toString())).isEmpty();
    }

    @Test
    void maskShouldKeepTheSerialOnly() {
        assertThat(Detections.masked(DETECTOR, "SSN 536-22-6789")).containsExactly("***-**-6789");
    }
}
