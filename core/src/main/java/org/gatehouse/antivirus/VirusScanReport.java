package org.gatehouse.antivirus;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

import org.gatehouse.verdict.Finding;

/**
 * One message's antivirus scan: the {@link ScanResult#combine combined} result (CLEAN only when every scanner
 * scanned every payload and found nothing), each scan behind it, how long it took and the findings for the verdict.
 *
 * @param result the combined result; anything but CLEAN must not be delivered as scanned
 * @param scans every scan, per scanner in payload order (a scanner stops at its first ERROR)
 * @param elapsed the time the whole scan took
 * @param findings {@code VIRUS_FOUND}, or {@code VIRUS_SCAN_FAILED} and/or {@code VIRUS_SCAN_TOO_LARGE}; none when clean
 */
public record VirusScanReport(ScanResult result, List<Scan> scans, Duration elapsed, List<Finding> findings) {
    /** One payload through one clamd. */
    public record Scan(String scanner, String payload, int bytes, ScanResult result) {
        public Scan {
            Objects.requireNonNull(scanner);
            Objects.requireNonNull(payload);
            Objects.requireNonNull(result);
        }
    }

    public VirusScanReport {
        Objects.requireNonNull(result);
        scans = List.copyOf(scans);
        Objects.requireNonNull(elapsed);
        findings = List.copyOf(findings);
    }

    public boolean isClean() {
        return result.isClean();
    }
}
