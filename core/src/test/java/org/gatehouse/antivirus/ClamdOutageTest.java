package org.gatehouse.antivirus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.gatehouse.antivirus.LoopbackClamd.EICAR_SIGNATURE;

import java.util.List;

import org.gatehouse.verdict.Action;
import org.gatehouse.verdict.Finding;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** A real clamd stopped and started again mid-test: scans fail closed at once while it is down, and work when it is back. */
@Timeout(120)
class ClamdOutageTest {
    private static final LoopbackClamd FIRST = new LoopbackClamd();
    private static final LoopbackClamd SECOND = new LoopbackClamd();
    private static final byte[] CLEAN = VirusSamples.textMessage("Hello", "Nothing to see.");
    private static final byte[] INFECTED = VirusSamples.messageWithAttachment("Invoice", "invoice.zip", "application/zip",
        VirusSamples.zip("invoice.com", VirusSamples.eicar()));

    @BeforeAll
    static void startBoth() throws Exception {
        FIRST.start();
        SECOND.start();
    }

    @AfterAll
    static void closeBoth() throws Exception {
        FIRST.close();
        SECOND.close();
    }

    @Test
    void scanShouldFailAtOnceWhileClamdIsStoppedAndWorkAgainWhenItIsBack() throws Exception {
        List<ClamdClient> clients = List.of(new ClamdClient(FIRST.tcpSettings()), new ClamdClient(FIRST.unixSettings()));
        for (ClamdClient client : clients) {
            assertThat(client.scan(CLEAN)).isEqualTo(ScanResult.clean());
        }

        FIRST.stop();
        try {
            for (ClamdClient client : clients) {
                // refused, not a timeout: nothing waits for a clamd that is not there
                assertThat(client.scan(INFECTED))
                    .isEqualTo(ScanResult.error("clamd at " + client.address() + " refused the connection or cannot be reached"));
                assertThat(client.health().state()).isEqualTo(ScannerHealth.State.DOWN);
            }
        } finally {
            FIRST.start();
        }

        for (ClamdClient client : clients) {
            assertThat(client.scan(CLEAN)).isEqualTo(ScanResult.clean());
            assertThat(client.scan(INFECTED)).isEqualTo(ScanResult.infected(EICAR_SIGNATURE));
            assertThat(client.health().state()).isEqualTo(ScannerHealth.State.UP);
            assertThat(client.health().lastError()).isPresent();
        }
    }

    @Test
    void virusScannerShouldNotCallAMessageCleanWhenOneOfTwoClamdIsDown() throws Exception {
        VirusScanner scanner = VirusScanner.create(AntivirusSettings.forScanners(FIRST.tcpAddress() + "," + SECOND.unixAddress()));
        assertThat(scanner.scan(CLEAN, List.of()).isClean()).isTrue();

        SECOND.stop();
        try {
            VirusScanReport clean = scanner.scan(CLEAN, List.of());
            VirusScanReport infected = scanner.scan(INFECTED, List.of());

            assertThat(clean.isClean()).isFalse();
            assertThat(clean.findings()).containsExactly(Finding.of("VIRUS_SCAN_FAILED", "antivirus", "error",
                "not scanned, not delivered as clean: clamd at " + SECOND.unixAddress() + " refused the connection or cannot be reached")
                .withAction(Action.TEMPFAIL));
            assertThat(infected.result()).isEqualTo(ScanResult.infected(EICAR_SIGNATURE));
            assertThat(scanner.probe()).extracting(ScannerHealth::state).containsExactly(ScannerHealth.State.UP, ScannerHealth.State.DOWN);
        } finally {
            SECOND.start();
        }

        assertThat(scanner.scan(CLEAN, List.of()).isClean()).isTrue();
        assertThat(scanner.probe()).extracting(ScannerHealth::state).containsExactly(ScannerHealth.State.UP, ScannerHealth.State.UP);
    }
}
