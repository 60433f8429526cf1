package org.gatehouse.dlp;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class MasksTest {
    @Test
    void cardShouldShowTheLastFourDigitsWhateverTheLength() {
        assertThat(Masks.card("4111111111111111")).isEqualTo("****-****-****-1111");
        assertThat(Masks.card("378282246310005")).isEqualTo("****-****-****-0005");
    }

    @Test
    void ibanShouldShowTheCountryAndTheLastFour() {
        assertThat(Masks.iban("GB82WEST12345698765432")).isEqualTo("GB****************5432");
    }

    @Test
    void ssnNinoNpiShouldShowTheirLastDigits() {
        assertThat(Masks.ssn("123456789")).isEqualTo("***-**-6789");
        assertThat(Masks.nino("AB123456C")).isEqualTo("** ** ** 56 C");
        assertThat(Masks.npi("1234567893")).isEqualTo("******7893");
    }

    @Test
    void emailShouldShowTheFirstLetterAndTheDomain() {
        assertThat(Masks.email("john@example.com")).isEqualTo("j***@example.com");
    }

    @Test
    void diagnosisCodeShouldBeWhollyMasked() {
        assertThat(Masks.diagnosisCode("S72.001A")).isEqualTo("***.****");
    }

    @Test
    void genericShouldShowTwoCharactersOfLongValuesOnlyAndCapTheStars() {
        assertThat(Masks.generic("EMP-123456")).isEqualTo("********56");
        assertThat(Masks.generic("secret")).isEqualTo("******");
        assertThat(Masks.generic("x".repeat(100) + "yz")).isEqualTo("************yz");
    }
}
