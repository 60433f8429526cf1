package org.gatehouse.dlp;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class Icd10DetectorTest {
    private static final Detector DETECTOR = new Icd10Detector();

    @ParameterizedTest
    @ValueSource(strings = {"E11.9", "J45.909", "S72.001A", "F32", "I10", "M1A.0", "Z3A.20", "U07.1", "C7B.00"})
    void scanShouldFindCodesNearAMedicalTerm(String code) {
        assertThat(Detections.keys(DETECTOR, "Patient diagnosed with " + code + " last week.")).containsExactly(code);
    }

    @Test
    void scanShouldFindNothingWithoutAMedicalTermInTheWindow() {
        assertThat(Detections.keys(DETECTOR, "Take the M25 and then the B12 exit; table F32 seats E11.9 guests.")).isEmpty();
        String far = "diagnosis " + "word ".repeat(Icd10Detector.WINDOW + 1) + "E11.9";
        assertThat(Detections.keys(DETECTOR, far)).isEmpty();
        assertThat(Detections.keys(DETECTOR, "E11.9 " + "word ".repeat(Icd10Detector.WINDOW - 1) + "prescription"))
            .containsExactly("E11.9");
    }

    @Test
    void scanShouldFindCodesInATableWithAMedicalHeader() {
        assertThat(Detections.keys(DETECTOR, "Patient | ICD-10\nA. Smith | E11.9\nB. Jones | I10"))
            .containsExactly("E11.9", "I10");
    }

    @ParameterizedTest
    @ValueSource(strings = {"E1.9", "EE1.9", "E119", "e11.9", "U99.9", "M1B.0", "E11.12345", "XE11.9", "E11_9", "A4"})
    void scanShouldFindNothingWhenTheValueIsNotACode(String value) {
        assertThat(Detections.keys(DETECTOR, "patient diagnosis " + value + " treatment")).isEmpty();
    }

    @Test
    void maskShouldHideTheWholeCode() {
        assertThat(Detections.masked(DETECTOR, "diagnosis F32.1")).containsExactly("***.*");
    }
}
