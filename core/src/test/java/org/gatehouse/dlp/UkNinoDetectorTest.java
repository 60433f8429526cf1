package org.gatehouse.dlp;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class UkNinoDetectorTest {
    private static final Detector DETECTOR = new UkNinoDetector();

    @ParameterizedTest
    @ValueSource(strings = {"AB123456C", "AB 12 34 56 C", "JG103759A", "ZY 99 00 11 D", "CE123456B"})
    void scanShouldFindValidNumbers(String value) {
        assertThat(Detections.keys(DETECTOR, "NI number: " + value + ", thanks")).containsExactly(value.replace(" ", ""));
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "BG123456C", "GB123456C", "NK123456C", "KN123456C", "TN123456C", "NT123456C", "ZZ123456C", // never allocated
        "DA123456C", "FA123456C", "IA123456C", "QA123456C", "UA123456C", "VA123456C",             // first letter
        "AD123456C", "AF123456C", "AI123456C", "AO123456C", "AQ123456C", "AU123456C", "AV123456C", // second letter
        "AB123456E", "AB123456", "AB12345C", "AB1234567C", "ab123456c", "XAB123456C", "AB123456CD",
        "AB 12 3456 C", "AB12 34 56 C",
    })
    void scanShouldFindNothingWhenTheValueBreaksTheRules(String value) {
        assertThat(Detections.keys(DETECTOR, "NI " + value + " end")).isEmpty();
    }

    @Test
    void maskShouldKeepTheLastPairAndTheSuffix() {
        assertThat(Detections.masked(DETECTOR, "AB 12 34 56 C")).containsExactly("** ** ** 56 C");
    }
}
