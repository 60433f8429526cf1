package org.gatehouse.dlp;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class IbanDetectorTest {
    private static final Detector DETECTOR = new IbanDetector();

    @ParameterizedTest
    @ValueSource(strings = {
        "DE89370400440532013000", "GB82WEST12345698765432", "FR1420041010050500013M02606", "NL91ABNA0417164300",
        "BE68539007547034", "CH9300762011623852957", "NO9386011117947", "IT60X0542811101000000123456",
        "ES9121000418450200051332", "PL61109010140000071219812874", "SE4550000000058398257466", "AT611904300234573201",
    })
    void scanShouldFindPublishedExampleIbansWholeAndInGroupsOfFour(String iban) {
        assertThat(Detections.keys(DETECTOR, "IBAN: " + iban + ".")).containsExactly(iban);
        assertThat(Detections.keys(DETECTOR, "IBAN " + Detections.spaced(iban) + " please")).containsExactly(iban);
    }

    @Test
    void scanShouldFindAGeneratedIbanOfEveryRegistryCountry() {
        Random random = new Random(3);
        for (Map.Entry<String, Integer> country : IbanDetector.LENGTHS.entrySet()) {
            String iban = Detections.iban(country.getKey(), Detections.randomDigits(country.getValue() - 4, random));

            assertThat(Detections.keys(DETECTOR, "pay to " + iban)).as(iban).containsExactly(iban);
        }
    }

    @Test
    void lengthsShouldCoverTheRegistry() {
        assertThat(IbanDetector.LENGTHS).hasSize(89)
            .containsEntry("DE", 22).containsEntry("GB", 22).containsEntry("FR", 27).containsEntry("NO", 15)
            .containsEntry("MT", 31).containsEntry("LC", 32).containsEntry("RU", 33).containsEntry("YE", 30);
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "DE88370400440532013000",    // check digits wrong
        "DE8937040044053201300",     // one character short for Germany
        "DE893704004405320130001",   // one too many
        "XX89370400440532013000",    // no such country
        "de89370400440532013000",    // lower case
        "DE89 3704 0044 0532 013000",// groups not of four
        "DE89  3704 0044 0532 0130 00",
        "ADE89370400440532013000",   // glued to a word
        "DE89370400440532013000X",
    })
    void scanShouldFindNothingWhenTheValueIsNotAnIban(String text) {
        assertThat(Detections.keys(DETECTOR, "iban " + text + " end")).isEmpty();
    }

    @Test
    void scanShouldFindNoIbanInRandomCodesWithWrongCheckDigits() {
        Random random = new Random(5);
        String[] countries = IbanDetector.LENGTHS.keySet().toArray(String[]::new);
        for (int i = 0; i < 3000; i++) {
            String country = countries[random.nextInt(countries.length)];
            String valid = Detections.iban(country, Detections.randomDigits(IbanDetector.LENGTHS.get(country) - 4, random));
            int check = Integer.parseInt(valid.substring(2, 4));
            int other;
            do {
                other = random.nextInt(100);
            } while ((other - check) % 97 == 0);
            String wrong = country + String.format("%02d", other) + valid.substring(4);

            assertThat(Detections.keys(DETECTOR, "x " + wrong + " y " + Detections.spaced(wrong))).as(wrong).isEmpty();
        }
    }

    @Test
    void scanShouldFindNothingInRandomDigitRunsDatesAndPhoneNumbers() {
        Random random = new Random(9);
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < 2000; i++) {
            text.append(Detections.randomDigits(10 + random.nextInt(30), random)).append(' ')
                .append("2024-0").append(1 + random.nextInt(9)).append("-1").append(random.nextInt(9)).append(' ')
                .append("+44 20 ").append(Detections.randomDigits(4, random)).append(' ').append(Detections.randomDigits(4, random))
                .append(" ORD").append(Detections.randomDigits(18, random)).append('\n');
        }

        assertThat(Detections.keys(DETECTOR, text.toString())).isEmpty();
    }

    @Test
    void maskShouldKeepTheCountryAndTheLastFourCharacters() {
        assertThat(Detections.masked(DETECTOR, "DE89 3704 0044 0532 0130 00")).containsExactly("DE****************3000");
    }
}
