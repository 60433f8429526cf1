package org.gatehouse.dlp;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Field;
import java.util.List;

import org.junit.jupiter.api.Test;

class DlpScannerTest {
    private static final String CARD = "4111111111111111";
    private static final List<Detector> CARDS = List.of(BuiltInDetector.PAYMENT_CARD.detector());

    @Test
    void scanShouldCountDistinctValuesAcrossSubjectBodyAndAttachments() {
        DlpContent content = new DlpContent("card " + CARD, "again " + CARD + " and 5555555555554444 and " + CARD,
            List.of(new DlpContent.AttachmentText("cards.zip/cards.csv", "378282246310005\n5555555555554444")));

        DlpScan scan = new DlpScanner(DlpLimits.DEFAULTS).scan(content, CARDS);

        assertThat(scan.count("PAYMENT_CARD")).isEqualTo(3);
        assertThat(scan.matches()).extracting(DlpMatch::toString).containsExactly(
            "PAYMENT_CARD ****-****-****-1111 in subject",
            "PAYMENT_CARD ****-****-****-1111 x2 in body",
            "PAYMENT_CARD ****-****-****-4444 in body",
            "PAYMENT_CARD ****-****-****-0005 in attachment cards.zip/cards.csv",
            "PAYMENT_CARD ****-****-****-4444 in attachment cards.zip/cards.csv");
    }

    @Test
    void matchesShouldHoldNoClearValue() throws Exception {
        DlpContent content = DlpContent.of("", "SSN 536-22-1234, card " + CARD + ", IBAN DE89370400440532013000");
        List<Detector> detectors = List.of(BuiltInDetector.PAYMENT_CARD.detector(), BuiltInDetector.US_SSN.detector(),
            BuiltInDetector.IBAN.detector());

        DlpScan scan = new DlpScanner(DlpLimits.DEFAULTS).scan(content, detectors);

        assertThat(scan.matches()).hasSize(3);
        for (DlpMatch match : scan.matches()) {
            for (Field field : DlpMatch.class.getDeclaredFields()) {
                field.setAccessible(true);
                String value = String.valueOf(field.get(match));
                assertThat(value).doesNotContain(CARD, "536221234", "536-22-1234", "370400440532013000");
            }
            assertThat(match.toString()).doesNotContain(CARD, "536-22-1234", "370400440532013000");
        }
        assertThat(scan.toString()).doesNotContain(CARD, "536-22-1234", "370400440532013000");
    }

    @Test
    void contentShouldNotPrintItsTexts() {
        DlpContent content = DlpContent.of("s " + CARD, CARD).withAttachment("a.txt", CARD);

        assertThat(content.toString()).doesNotContain(CARD);
        assertThat(content.attachments().get(0).toString()).doesNotContain(CARD);
    }

    @Test
    void scanShouldDropABulkDetectorUnderItsFloor() {
        StringBuilder nineteen = new StringBuilder();
        for (int i = 0; i < 19; i++) {
            nineteen.append("user").append(i).append("@example.com\n");
        }
        List<Detector> emails = List.of(BuiltInDetector.EMAIL_LIST.detector());

        DlpScan under = new DlpScanner(DlpLimits.DEFAULTS).scan(DlpContent.of("", nineteen + "user0@example.com"), emails);
        DlpScan at = new DlpScanner(DlpLimits.DEFAULTS).scan(DlpContent.of("", nineteen + "user19@example.com"), emails);

        assertThat(under.count("EMAIL_LIST")).isZero();
        assertThat(under.matches()).isEmpty();
        assertThat(at.count("EMAIL_LIST")).isEqualTo(20);
        assertThat(at.matches()).hasSize(20);
    }

    @Test
    void scanShouldKeepAtMostAHundredMatchesPerDetectorButCountThemAll() {
        StringBuilder list = new StringBuilder();
        for (int i = 0; i < 250; i++) {
            list.append("user").append(i).append("@example.com\n");
        }

        DlpScan scan = new DlpScanner(DlpLimits.DEFAULTS).scan(DlpContent.of("", list.toString()),
            List.of(BuiltInDetector.EMAIL_LIST.detector()));

        assertThat(scan.count("EMAIL_LIST")).isEqualTo(250);
        assertThat(scan.matches()).hasSize(DlpScanner.MAX_MATCHES_PER_DETECTOR);
    }

    @Test
    void scanShouldReadNoMoreThanTheLimitsAndSayWhatItSkipped() {
        String filler = "x".repeat(90);
        DlpContent content = new DlpContent("", filler + " " + CARD, List.of(
            new DlpContent.AttachmentText("a.txt", filler + " 5555555555554444"),
            new DlpContent.AttachmentText("b.txt", "378282246310005")));

        DlpScan scan = new DlpScanner(new DlpLimits(100, 150)).scan(content, CARDS);

        assertThat(scan.scannedChars()).isEqualTo(150);
        assertThat(scan.skippedChars()).isEqualTo(107 + 107 + 15 - 150);
        assertThat(scan.truncated()).isTrue();
        assertThat(scan.count("PAYMENT_CARD")).isZero();
    }

    @Test
    void scanShouldLetTheTenantsPatternsReadOnlyTheirWorkBudget() throws Exception {
        DlpPolicy policy = DlpPolicyTest.parse("{'patterns': [{'id': 'EMP', 'regex': 'EMP-[0-9]{6}'}],"
            + " 'rules': [{'id': 'R', 'categories': ['CUSTOM', 'PCI'], 'action': 'log'}]}");
        DlpContent content = DlpContent.of("EMP-000001", "x".repeat(20) + " EMP-000002 " + CARD);

        DlpScan scan = new DlpScanner(new DlpLimits(1000, 1000, 10 * 25)).scan(content, policy.rules().get(0).detectors());

        assertThat(scan.count("EMP")).isEqualTo(1);
        assertThat(scan.count("PAYMENT_CARD")).isEqualTo(1);
        assertThat(scan.skippedChars()).isZero();
        assertThat(scan.patternSkippedChars()).isEqualTo(10 + 20 + 1 + 10 + 1 + 16 - 25);
        assertThat(scan.truncated()).isTrue();
    }

    @Test
    void scanShouldStopAtTheTotalLimitBeforeLaterAttachments() {
        DlpContent content = new DlpContent("", CARD, List.of(new DlpContent.AttachmentText("a.txt", "5555555555554444")));

        DlpScan scan = new DlpScanner(new DlpLimits(1000, 16)).scan(content, CARDS);

        assertThat(scan.count("PAYMENT_CARD")).isEqualTo(1);
        assertThat(scan.skippedChars()).isEqualTo(16);
    }
}
