package org.gatehouse.antivirus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.gatehouse.antivirus.LoopbackClamd.EICAR_SIGNATURE;
import static org.gatehouse.antivirus.VirusSamples.eicar;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import org.gatehouse.verdict.Action;
import org.gatehouse.verdict.Finding;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import com.google.common.primitives.Bytes;

/** Gatehouse's clamd client against Debian's real clamd with a local EICAR signature, over TCP and the unix socket. */
class ClamdRealServerTest {
    /** 1 MiB, so that the size limit is reached with a small message. */
    @RegisterExtension
    static final LoopbackClamd CLAMD = new LoopbackClamd("1M");

    private static final byte[] MARKER = VirusSamples.EICAR_MARKER.getBytes(StandardCharsets.US_ASCII);

    private final ClamdClient tcp = new ClamdClient(CLAMD.tcpSettings());

    @Test
    void scanShouldFindEicarWhenSentAsIs() {
        assertThat(tcp.scan(eicar())).isEqualTo(ScanResult.infected(EICAR_SIGNATURE));
    }

    @Test
    void scanShouldFindEicarWhenAttachedToAMessageInBase64() {
        byte[] message = VirusSamples.messageWithAttachment("Invoice", "eicar.com", "application/octet-stream", eicar());
        assertThat(Bytes.indexOf(message, MARKER)).isNegative();

        assertThat(tcp.scan(message)).isEqualTo(ScanResult.infected(EICAR_SIGNATURE));
    }

    @Test
    void scanShouldFindEicarInAZip() {
        byte[] zip = VirusSamples.zip("eicar.com", eicar());
        assertThat(Bytes.indexOf(zip, MARKER)).isNegative();

        assertThat(tcp.scan(zip)).isEqualTo(ScanResult.infected(EICAR_SIGNATURE));
    }

    @Test
    void scanShouldFindEicarInAZipInAZipAttachedToAMessage() {
        byte[] nested = VirusSamples.zip("outer/inner.zip", VirusSamples.zip("eicar.com", eicar()));
        byte[] message = VirusSamples.messageWithAttachment("Report", "report.zip", "application/zip", nested);

        assertThat(tcp.scan(message)).isEqualTo(ScanResult.infected(EICAR_SIGNATURE));
    }

    @Test
    void scanShouldFindEicarInANestedMessage() {
        byte[] inner = VirusSamples.messageWithAttachment("Inner", "eicar.zip", "application/zip", VirusSamples.zip("eicar.com", eicar()));
        byte[] outer = VirusSamples.messageWithNestedMessage("Fwd: Inner", inner);
        assertThat(Bytes.indexOf(outer, MARKER)).isNegative();

        assertThat(tcp.scan(outer)).isEqualTo(ScanResult.infected(EICAR_SIGNATURE));
    }

    @Test
    void scanShouldFindEicarWhenNestedWithinClamdsMaxRecursion() {
        assertThat(tcp.scan(VirusSamples.nestedAttachment(16, "eicar.com", eicar()))).isEqualTo(ScanResult.infected(EICAR_SIGNATURE));
    }

    @Test
    void scanShouldReportIncompleteNotCleanWhenEicarIsNestedDeeperThanMaxRecursion() {
        for (int levels : new int[] {20, 40, 60}) {
            ScanResult result = tcp.scan(VirusSamples.nestedAttachment(levels, "eicar.com", eicar()));

            assertThat(result.status()).as("%d levels", levels).isEqualTo(ScanResult.Status.INCOMPLETE);
            assertThat(result.reason()).contains("Heuristics.Limits.Exceeded.MaxRecursion");
        }
    }

    @Test
    void scanShouldReportCleanWhenTheMessageHasNoVirus() {
        byte[] inner = VirusSamples.messageWithAttachment("Inner", "notes.zip", "application/zip",
            VirusSamples.zip("notes.txt", "EICAR-STANDARD but not the test file".getBytes(StandardCharsets.US_ASCII)));

        assertThat(tcp.scan(VirusSamples.messageWithNestedMessage("Fwd: Inner", inner))).isEqualTo(ScanResult.clean());
    }

    @Test
    void scanShouldReportTooLargeWhenTheMessageIsOverStreamMaxLength() {
        byte[] large = VirusSamples.largeTextMessage(1_500_000);

        ScanResult result = tcp.scan(large);

        assertThat(result.status()).isEqualTo(ScanResult.Status.TOO_LARGE);
        assertThat(result.reason()).isEqualTo(large.length + " bytes are over the stream limit (StreamMaxLength) of clamd at "
            + CLAMD.tcpAddress());
    }

    @Test
    void scanShouldScanOverTheUnixSocket() {
        ClamdClient unix = new ClamdClient(CLAMD.unixSettings());

        assertThat(unix.scan(VirusSamples.zip("eicar.com", eicar()))).isEqualTo(ScanResult.infected(EICAR_SIGNATURE));
        assertThat(unix.scan(VirusSamples.textMessage("Hello", "Nothing to see."))).isEqualTo(ScanResult.clean());
        assertThat(unix.scan(VirusSamples.largeTextMessage(1_500_000)).status()).isEqualTo(ScanResult.Status.TOO_LARGE);
    }

    @Test
    void probeShouldReportClamdUpWithItsVersion() {
        for (ClamdClient client : List.of(tcp, new ClamdClient(CLAMD.unixSettings()))) {
            ScannerHealth health = client.probe();

            assertThat(health.state()).isEqualTo(ScannerHealth.State.UP);
            assertThat(health.version()).hasValueSatisfying(version -> assertThat(version).matches("ClamAV 1\\.\\d+\\.\\d+.*"));
            assertThat(health.lastError()).isEmpty();
            assertThat(client.health()).isEqualTo(health);
        }
    }

    @Test
    void virusScannerShouldFindEicarInAnExtraPayloadWhenTheMessageIsClean() {
        VirusScanner scanner = VirusScanner.create(AntivirusSettings.forScanners(CLAMD.tcpAddress() + "," + CLAMD.unixAddress()));
        byte[] message = VirusSamples.textMessage("Encrypted", "The archive is attached, the password is 1234.");

        VirusScanReport report = scanner.scan(message, List.of(new NamedPayload("secret.zip/eicar.com", eicar())));

        assertThat(report.result()).isEqualTo(ScanResult.infected(EICAR_SIGNATURE));
        assertThat(report.scans()).extracting(scan -> scan.scanner() + " " + scan.payload() + " " + scan.result().status())
            .containsExactly(
                CLAMD.tcpAddress() + " message CLEAN", CLAMD.tcpAddress() + " secret.zip/eicar.com INFECTED",
                CLAMD.unixAddress() + " message CLEAN", CLAMD.unixAddress() + " secret.zip/eicar.com INFECTED");
        assertThat(report.findings()).containsExactly(Finding.of("VIRUS_FOUND", "antivirus", "infected",
            "virus found: " + EICAR_SIGNATURE).withAction(Action.QUARANTINE));
    }

    @Test
    void virusScannerShouldMeasureTheCostPerMessage() {
        byte[] small = VirusSamples.messageWithAttachment("Report", "report.zip", "application/zip",
            VirusSamples.zip("report.txt", VirusSamples.largeTextMessage(50_000)));
        byte[] noise = new byte[500_000];
        new Random(5).nextBytes(noise);
        byte[] large = VirusSamples.messageWithAttachment("Photo", "photo.bin", "application/octet-stream", noise);
        VirusScanner one = VirusScanner.create(AntivirusSettings.forScanners(CLAMD.tcpAddress()));
        VirusScanner two = VirusScanner.create(AntivirusSettings.forScanners(CLAMD.tcpAddress() + "," + CLAMD.unixAddress()));
        for (int i = 0; i < 20; i++) {
            assertThat(one.scan(small, List.of()).isClean()).isTrue();
        }

        for (byte[] message : List.of(small, large)) {
            System.out.printf("clamd zINSTREAM (local 1-signature database), %d-byte message, 50 messages: one clamd (TCP) %s; "
                + "two (TCP + unix) %s%n", message.length, measure(one, message), measure(two, message));
        }
    }

    private static String measure(VirusScanner scanner, byte[] message) {
        List<Long> micros = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            VirusScanReport report = scanner.scan(message, List.of());
            assertThat(report.isClean()).isTrue();
            micros.add(report.elapsed().toNanos() / 1000);
        }
        micros.sort(null);
        return String.format("p50 %.2f ms, p90 %.2f ms, max %.2f ms", micros.get(25) / 1000.0, micros.get(45) / 1000.0,
            micros.get(49) / 1000.0);
    }
}
