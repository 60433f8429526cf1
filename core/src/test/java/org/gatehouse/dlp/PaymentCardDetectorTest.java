package org.gatehouse.dlp;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PaymentCardDetectorTest {
    private static final Detector DETECTOR = new PaymentCardDetector();

    private static List<String> find(String text) {
        return Detections.keys(DETECTOR, text);
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "4111111111111111",      // Visa
        "4222222222222",         // Visa, 13 digits
        "4111111111111111003",   // Visa, 19 digits
        "5555555555554444",      // Mastercard 55
        "5105105105105100",      // Mastercard 51
        "2223003122003222",      // Mastercard 2221-2720
        "378282246310005",       // Amex 37
        "340000000000009",       // Amex 34
        "6011111111111117",      // Discover 6011
        "6445644564456445",      // Discover 644-649
        "6500000000000002",      // Discover 65
        "3530111333300000",      // JCB
        "30569309025904",        // Diners 14 digits
        "36227206271667",        // Diners 36
        "6200000000000005",      // UnionPay
        "6759649826438453",      // Maestro
    })
    void scanShouldFindTestCardsOfEveryIssuer(String card) {
        assertThat(find("Please charge " + card + " today.")).containsExactly(card);
    }

    @Test
    void scanShouldFindCardsInThePrintedGroupsWithSpacesOrDashes() {
        assertThat(find("card 4111 1111 1111 1111 exp 12/26")).containsExactly("4111111111111111");
        assertThat(find("card 4111-1111-1111-1111.")).containsExactly("4111111111111111");
        assertThat(find("amex 3782 822463 10005")).containsExactly("378282246310005");
        assertThat(find("diners 3056 930902 5904")).containsExactly("30569309025904");
        assertThat(find("visa19 4111 1111 1111 1111 003")).containsExactly("4111111111111111003");
    }

    @Test
    void scanShouldFindEachCardOfAListOnOneLine() {
        assertThat(find("4111 1111 1111 1111 5555 5555 5555 4444, 378282246310005;6011111111111117"))
            .containsExactly("4111111111111111", "5555555555554444", "378282246310005", "6011111111111117");
    }

    @Test
    void scanShouldFindCardsInSpreadsheetText() {
        assertThat(find("name\tcard\nAda\t4111111111111111\nBob,5555555555554444\n\"Cy\";\"3530111333300000\""))
            .containsExactly("4111111111111111", "5555555555554444", "3530111333300000");
    }

    @Test
    void scanShouldSeeThroughLookAlikeCharacters() {
        assertThat(find("４１１１ １１１１ １１１１ １１１１")).containsExactly("4111111111111111");
        assertThat(find("4111\u00a01111\u00a01111\u00a01111")).containsExactly("4111111111111111");
        assertThat(find("4111\u200b1111\u200b1111\u200b1111")).containsExactly("4111111111111111");
        assertThat(find("4111\u20131111\u20131111\u20131111")).containsExactly("4111111111111111"); // en dashes
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "4111111111111112",          // Luhn fails
        "4111 1111-1111 1111",       // mixed separators
        "4111  1111 1111 1111",      // double space
        "41 11 11 11 11 11 11 11",   // groups cards do not print
        "411 1111 1111 11111",
        "1234567812345670",          // Luhn-valid, no issuer starts with 1
        "378282246310005000",        // Amex prefix with a length Amex does not issue
        "5555555555554444000",       // Mastercard prefix with 19 digits
        "9999999999999995",          // no issuer
        "41111111111111110",         // a 17-digit Visa does not exist... and 17 is not 13/16/19
        "ORD-4111111111111111",      // an identifier
        "x4111111111111111",
        "4111111111111111x",
        "0.4111111111111111",        // a decimal fraction
        "+4111111111111111",         // phone-like prefix
        "41111111111111111111",      // 20 digits: no card inside a longer number
        "123 41111111111111111 456",
    })
    void scanShouldFindNothingWhenTheNumberIsNotACard(String text) {
        assertThat(find("value " + text + " end")).isEmpty();
    }

    @Test
    void scanShouldFindNoCardInRandomDigitRunsLongerThanACard() {
        Random random = new Random(7);
        for (int i = 0; i < 2000; i++) {
            String run = Detections.randomDigits(20 + random.nextInt(40), random);
            assertThat(find("ref " + run + " end")).as(run).isEmpty();
        }
    }

    @Test
    void scanShouldFindNoCardInNumbersFailingTheLuhnCheck() {
        Random random = new Random(11);
        List<String> prefixes = List.of("4", "51", "55", "2221", "2720", "34", "37", "6011", "65", "3528", "36", "62", "6759");
        for (int i = 0; i < 3000; i++) {
            String prefix = prefixes.get(random.nextInt(prefixes.size()));
            int length = 13 + random.nextInt(7);
            String number = Detections.breakCheckDigit(Detections.withLuhnDigit(prefix, length, random));
            // printed in fours, 17 to 19 digits hold a 16-digit window that may well be a card followed by a CVV
            String printed = length <= 16 ? Detections.spaced(number) : "";
            assertThat(find("n " + number + " and " + printed)).as(number).isEmpty();
        }
    }

    @Test
    void scanShouldFindEveryGeneratedValidCard() {
        Random random = new Random(13);
        List<String> cards = new ArrayList<>();
        for (int i = 0; i < 500; i++) {
            cards.add(Detections.withLuhnDigit(random.nextBoolean() ? "4" : "5" + (1 + random.nextInt(5)), 16, random));
        }
        String text = String.join("\n", cards.stream().map(Detections::spaced).toList());

        assertThat(find(text)).containsExactlyElementsOf(cards);
    }

    @Test
    void scanShouldFindNothingInDatesOrderNumbersAndPhoneNumbers() {
        StringBuilder text = new StringBuilder();
        Random random = new Random(17);
        for (int i = 0; i < 2000; i++) {
            int year = 1990 + random.nextInt(40);
            int month = 1 + random.nextInt(12);
            int day = 1 + random.nextInt(28);
            text.append(String.format("%04d-%02d-%02d %02d:%02d:%02d ", year, month, day, random.nextInt(24), random.nextInt(60), random.nextInt(60)))
                .append(String.format("%02d/%02d/%04d %02d.%02d.%04d %04d%02d%02d%02d%02d%02d ", day, month, year, day, month, year,
                    year, month, day, random.nextInt(24), random.nextInt(60), random.nextInt(60)))
                .append("Order ORD-").append(year).append('-').append(Detections.randomDigits(9, random)).append(' ')
                .append("PO #").append(Detections.randomDigits(8, random)).append(" INV").append(Detections.randomDigits(12, random))
                .append(" +1 ").append(Detections.randomDigits(3, random)).append(' ').append(Detections.randomDigits(3, random))
                .append(' ').append(Detections.randomDigits(4, random))
                .append(" (").append(Detections.randomDigits(3, random)).append(") ").append(Detections.randomDigits(3, random))
                .append('-').append(Detections.randomDigits(4, random))
                .append(" +44 20 ").append(Detections.randomDigits(4, random)).append(' ').append(Detections.randomDigits(4, random))
                .append(" +49").append(Detections.randomDigits(11, random))
                .append(" 0").append(Detections.randomDigits(3, random)).append(' ').append(Detections.randomDigits(7, random))
                .append(" 1Z").append(Detections.randomDigits(16, random))
                .append('\n');
        }

        assertThat(find(text.toString())).isEmpty();
    }

    @Test
    void maskShouldKeepOnlyTheLastFourDigits() {
        assertThat(Detections.masked(DETECTOR, "3782 822463 10005 and 4111-1111-1111-1111"))
            .containsExactly("****-****-****-0005", "****-****-****-1111");
    }
}
