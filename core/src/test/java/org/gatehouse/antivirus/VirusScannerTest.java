package org.gatehouse.antivirus;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;

import org.gatehouse.verdict.Action;
import org.gatehouse.verdict.Finding;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Several clamd, extra payloads and the per-message budget, failing closed, against in-process fake clamd. */
class VirusScannerTest {
    private static final byte[] MESSAGE = VirusSamples.textMessage("Hello", "Nothing to see.");

    private static VirusScanner scanner(FakeClamd... clamds) {
        String addresses = String.join(",", Arrays.stream(clamds).map(FakeClamd::address).toList());
        return VirusScanner.create(AntivirusSettings.forScanners(addresses));
    }

    @Test
    void scanShouldBeCleanWhenEveryScannerFindsEveryPayloadClean() throws Exception {
        try (FakeClamd first = FakeClamd.replying("stream: OK"); FakeClamd second = FakeClamd.replying("stream: OK")) {
            VirusScanReport report = scanner(first, second).scan(MESSAGE, List.of(new NamedPayload("a.zip/b.doc", new byte[] {1, 2})));

            assertThat(report.result()).isEqualTo(ScanResult.clean());
            assertThat(report.isClean()).isTrue();
            assertThat(report.findings()).isEmpty();
            assertThat(report.scans()).extracting(VirusScanReport.Scan::payload).containsExactly("message", "a.zip/b.doc", "message", "a.zip/b.doc");
            assertThat(first.streams()).extracting(FakeClamd.Stream::content).containsExactly(MESSAGE, new byte[] {1, 2});
            assertThat(second.streams()).extracting(FakeClamd.Stream::content).containsExactly(MESSAGE, new byte[] {1, 2});
        }
    }

    @Test
    void scanShouldBeIncompleteAndHeldWhenTheMessageNestsDeeperThanClamdOpens() throws Exception {
        try (FakeClamd clamd = FakeClamd.replying("stream: OK")) {
            VirusScanReport report = scanner(clamd).scan(MESSAGE, List.of(), 17);

            assertThat(report.isClean()).isFalse();
            assertThat(report.result().status()).isEqualTo(ScanResult.Status.INCOMPLETE);
            assertThat(report.findings()).singleElement().satisfies(finding -> {
                assertThat(finding.ruleId()).isEqualTo(AntivirusFindings.VIRUS_SCAN_INCOMPLETE);
                assertThat(finding.action()).contains(Action.QUARANTINE);
                assertThat(finding.reason()).contains("nested 17 levels deep, clamd opens 16");
            });
        }
    }

    @Test
    void scanShouldBeCleanWhenTheMessageNestsExactlyAsDeepAsClamdOpens() throws Exception {
        try (FakeClamd clamd = FakeClamd.replying("stream: OK")) {
            assertThat(scanner(clamd).scan(MESSAGE, List.of(), 16).isClean()).isTrue();
        }
    }

    @Test
    void scanShouldReportTheVirusNotIncompletenessWhenADeepMessageIsInfected() throws Exception {
        try (FakeClamd clamd = FakeClamd.replying("stream: Win.Test.Eicar FOUND")) {
            VirusScanReport report = scanner(clamd).scan(MESSAGE, List.of(), 40);

            assertThat(report.findings()).extracting(Finding::ruleId).containsExactly(AntivirusFindings.VIRUS_FOUND);
        }
    }

    @Test
    void scanShouldApplyOnIncompleteWhenClamdHitsALimit() throws Exception {
        try (FakeClamd clamd = FakeClamd.replying("stream: Heuristics.Limits.Exceeded.MaxFiles FOUND")) {
            AntivirusSettings settings = AntivirusSettings.forScanners(clamd.address()).withOnIncomplete(Action.TEMPFAIL);
            VirusScanReport report = VirusScanner.create(settings).scan(MESSAGE, List.of());

            assertThat(report.findings()).singleElement().satisfies(finding -> {
                assertThat(finding.ruleId()).isEqualTo(AntivirusFindings.VIRUS_SCAN_INCOMPLETE);
                assertThat(finding.action()).contains(Action.TEMPFAIL);
            });
        }
    }

    @Test
    void scanShouldBeInfectedWhenOneScannerFindsAVirusAndTheOtherDoesNot() throws Exception {
        try (FakeClamd first = FakeClamd.replying("stream: OK"); FakeClamd second = FakeClamd.replying("stream: Win.Test.Eicar FOUND")) {
            VirusScanReport report = scanner(first, second).scan(MESSAGE, List.of());

            assertThat(report.result()).isEqualTo(ScanResult.infected("Win.Test.Eicar"));
            assertThat(report.findings()).containsExactly(
                Finding.of("VIRUS_FOUND", "antivirus", "infected", "virus found: Win.Test.Eicar").withAction(Action.QUARANTINE));
        }
    }

    @Test
    void scanShouldNameEverySignatureOnceWhenSeveralScannersFindViruses() throws Exception {
        try (FakeClamd first = FakeClamd.replying("stream: Eicar-A FOUND"); FakeClamd second = FakeClamd.replying("stream: Eicar-B FOUND")) {
            VirusScanReport report = scanner(first, second).scan(MESSAGE, List.of(new NamedPayload("x", new byte[1])));

            assertThat(report.result().signatures()).containsExactly("Eicar-A", "Eicar-B");
            assertThat(report.findings()).singleElement().extracting(Finding::reason).isEqualTo("virus found: Eicar-A, Eicar-B");
        }
    }

    @Test
    void scanShouldFailClosedWhenOneScannerIsDownAndTheOtherFindsNothing() throws Exception {
        try (FakeClamd up = FakeClamd.replying("stream: OK")) {
            String down = "tcp://127.0.0.1:" + ClamdClientTest.closedPort();
            VirusScanner scanner = VirusScanner.create(AntivirusSettings.forScanners(up.address() + "," + down));

            VirusScanReport report = scanner.scan(MESSAGE, List.of(new NamedPayload("one", new byte[1]), new NamedPayload("two", new byte[1])));

            String reason = "clamd at " + down + " refused the connection or cannot be reached";
            assertThat(report.result()).isEqualTo(ScanResult.error(reason));
            assertThat(report.isClean()).isFalse();
            assertThat(report.scans()).extracting(scan -> scan.scanner() + " " + scan.payload() + " " + scan.result().status())
                .containsExactly(up.address() + " message CLEAN", up.address() + " one CLEAN", up.address() + " two CLEAN",
                    down + " message ERROR");
            assertThat(report.findings()).containsExactly(Finding.of("VIRUS_SCAN_FAILED", "antivirus", "error",
                "not scanned, not delivered as clean: " + reason).withAction(Action.TEMPFAIL));
            assertThat(scanner.health()).extracting(ScannerHealth::state).containsExactly(ScannerHealth.State.UP, ScannerHealth.State.DOWN);
        }
    }

    @Test
    void scanShouldQuarantineAFailedScanWhenOnErrorSaysSo() throws Exception {
        try (FakeClamd broken = FakeClamd.replying("Can't allocate memory ERROR")) {
            VirusScanner scanner = VirusScanner.create(AntivirusSettings.forScanners(broken.address()).withOnError(Action.QUARANTINE));

            assertThat(scanner.scan(MESSAGE, List.of()).findings()).containsExactly(Finding.of("VIRUS_SCAN_FAILED", "antivirus", "error",
                "not scanned, not delivered as clean: clamd at " + broken.address() + " answered an error").withAction(Action.QUARANTINE));
        }
    }

    @Test
    void scanShouldReportOnlyTheVirusWhenAnotherScannerFailed() throws Exception {
        try (FakeClamd infected = FakeClamd.replying("stream: Eicar FOUND"); FakeClamd broken = FakeClamd.closing()) {
            VirusScanReport report = scanner(infected, broken).scan(MESSAGE, List.of());

            assertThat(report.result()).isEqualTo(ScanResult.infected("Eicar"));
            assertThat(report.findings()).extracting(Finding::ruleId).containsExactly("VIRUS_FOUND");
        }
    }

    @Test
    void scanShouldStillScanTheExtraPayloadsWhenTheMessageIsTooLarge() throws Exception {
        try (FakeClamd clamd = FakeClamd.replyingAfter(1024, "INSTREAM size limit exceeded. ERROR")) {
            VirusScanReport report = scanner(clamd).scan(new byte[4096], List.of(new NamedPayload("small", new byte[10])));

            assertThat(report.scans()).extracting(scan -> scan.result().status())
                .containsExactly(ScanResult.Status.TOO_LARGE, ScanResult.Status.CLEAN);
            assertThat(clamd.commands()).containsExactly("zINSTREAM", "zINSTREAM");
        }
    }

    @Test
    void scanShouldReportTooLargeWithThePayloadsNameWhenAPayloadIsOverTheLimit() throws Exception {
        try (FakeClamd clamd = FakeClamd.replyingAfter(1024, "INSTREAM size limit exceeded. ERROR")) {
            VirusScanner scanner = VirusScanner.create(AntivirusSettings.forScanners(clamd.address()).withOnTooLarge(Action.BLOCK));

            VirusScanReport report = scanner.scan(new byte[10], List.of(new NamedPayload("big.zip/disk.img", new byte[4096])));

            String reason = "big.zip/disk.img: 4096 bytes are over the stream limit (StreamMaxLength) of clamd at " + clamd.address();
            assertThat(report.result()).isEqualTo(ScanResult.tooLarge(reason));
            assertThat(report.findings()).containsExactly(
                Finding.of("VIRUS_SCAN_TOO_LARGE", "antivirus", "too_large", "too large to scan: " + reason).withAction(Action.BLOCK));
        }
    }

    @Test
    void scanShouldReportBothFailuresWhenOneScannerFailsAndAPayloadIsTooLargeForTheOther() throws Exception {
        try (FakeClamd small = FakeClamd.replyingAfter(1024, "INSTREAM size limit exceeded. ERROR"); FakeClamd broken = FakeClamd.closing()) {
            VirusScanReport report = scanner(small, broken).scan(new byte[4096], List.of());

            assertThat(report.result().status()).isEqualTo(ScanResult.Status.ERROR);
            assertThat(report.findings()).extracting(finding -> finding.ruleId() + " " + finding.action().orElseThrow().asString())
                .containsExactly("VIRUS_SCAN_FAILED tempfail", "VIRUS_SCAN_TOO_LARGE quarantine");
        }
    }

    @Test
    @Timeout(60)
    void scanShouldStayWithinTheBudgetWhenEveryScannerHangs() throws Exception {
        try (FakeClamd first = FakeClamd.silent(); FakeClamd second = FakeClamd.silent()) {
            AntivirusSettings settings = AntivirusSettings.forScanners(first.address() + "," + second.address())
                .withTimeouts(Duration.ofSeconds(30), Duration.ofSeconds(30)).withBudget(Duration.ofMillis(400));

            VirusScanReport report = VirusScanner.create(settings).scan(MESSAGE, List.of(new NamedPayload("never", new byte[1])));

            assertThat(report.isClean()).isFalse();
            assertThat(report.scans()).hasSize(2).allSatisfy(scan -> {
                assertThat(scan.payload()).isEqualTo("message");
                assertThat(scan.result().reason()).matches("clamd at tcp://127\\.0\\.0\\.1:\\d+ did not answer within \\d+ ms");
            });
            assertThat(report.findings()).singleElement().satisfies(finding -> {
                assertThat(finding.ruleId()).isEqualTo("VIRUS_SCAN_FAILED");
                assertThat(finding.action()).contains(Action.TEMPFAIL);
            });
        }
    }

    @Test
    @Timeout(60)
    void scanShouldNotAskForTheNextPayloadWhenTheBudgetIsUsedUp() throws Exception {
        try (FakeClamd slow = FakeClamd.silent()) {
            AntivirusSettings settings = AntivirusSettings.forScanners(slow.address()).withBudget(Duration.ofMillis(300));

            VirusScanReport report = VirusScanner.create(settings).scan(MESSAGE, List.of(new NamedPayload("next", new byte[1])));

            assertThat(report.scans()).singleElement().extracting(VirusScanReport.Scan::payload).isEqualTo("message");
            assertThat(slow.commands()).containsExactly("zINSTREAM");
        }
    }

    @Test
    void probeShouldReportEveryScanner() throws Exception {
        try (FakeClamd up = FakeClamd.replying("stream: OK")) {
            String down = "tcp://127.0.0.1:" + ClamdClientTest.closedPort();
            VirusScanner scanner = VirusScanner.create(AntivirusSettings.forScanners(up.address() + "," + down));

            assertThat(scanner.probe()).extracting(health -> health.scanner() + " " + health.state())
                .containsExactly(up.address() + " UP", down + " DOWN");
        }
    }
}
