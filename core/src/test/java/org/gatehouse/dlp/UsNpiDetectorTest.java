package org.gatehouse.dlp;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;

import org.junit.jupiter.api.Test;

class UsNpiDetectorTest {
    private static final Detector DETECTOR = new UsNpiDetector();

    @Test
    void scanShouldFindTheCmsExampleNearNpi() {
        assertThat(Detections.keys(DETECTOR, "Provider NPI: 1234567893")).containsExactly("1234567893");
        assertThat(Detections.keys(DETECTOR, "national provider identifier 1245319599")).containsExactly("1245319599");
    }

    @Test
    void scanShouldFindNothingWithoutTheContextTerm() {
        assertThat(Detections.keys(DETECTOR, "Call 1234567893 today")).isEmpty();
    }

    @Test
    void scanShouldFindNothingWhenTheCheckDigitOrTheFirstDigitIsWrong() {
        assertThat(Detections.keys(DETECTOR, "NPI 1234567890")).isEmpty();
        assertThat(Detections.keys(DETECTOR, "NPI 3234567893")).isEmpty();
        assertThat(Detections.keys(DETECTOR, "NPI 12345678930")).isEmpty();
        assertThat(Detections.keys(DETECTOR, "NPI 123456789")).isEmpty();
    }

    @Test
    void scanShouldFindEveryGeneratedNpiAndNoneWithABrokenCheckDigit() {
        Random random = new Random(31);
        for (int i = 0; i < 500; i++) {
            String npi = Detections.withLuhnDigit("80840" + (1 + random.nextInt(2)), 15, random).substring(5);

            assertThat(Detections.keys(DETECTOR, "NPI " + npi)).containsExactly(npi);
            assertThat(Detections.keys(DETECTOR, "NPI " + Detections.breakCheckDigit(npi))).isEmpty();
        }
    }

    @Test
    void maskShouldKeepTheLastFourDigits() {
        assertThat(Detections.masked(DETECTOR, "NPI 1234567893")).containsExactly("******7893");
    }
}
