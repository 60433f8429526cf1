package org.gatehouse.app;

import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

import javax.inject.Inject;

import org.apache.james.core.healthcheck.ComponentName;
import org.apache.james.core.healthcheck.Result;
import org.gatehouse.antivirus.ScannerHealth;
import org.gatehouse.antivirus.VirusScanner;

/**
 * James health check {@code ClamAV} (WebAdmin {@code GET /healthcheck}): pings every configured clamd. Every clamd
 * scans every message, so one down means mail is being tempfailed: unhealthy, naming it. Degraded when antivirus is
 * not configured: mail flows, but nothing is scanned for viruses.
 */
public class AntivirusHealthCheck extends ProbingHealthCheck {
    static final ComponentName COMPONENT = new ComponentName("ClamAV");

    private final Optional<VirusScanner> scanner;

    @Inject
    public AntivirusHealthCheck(Optional<VirusScanner> scanner) {
        super(COMPONENT);
        this.scanner = scanner;
    }

    @Override
    Result probe() {
        return scanner.map(configured -> result(configured.probe()))
            .orElseGet(() -> Result.degraded(COMPONENT, "antivirus is not configured (antivirus.scanners in gatehouse.properties):"
                + " mail is not scanned for viruses"));
    }

    static Result result(List<ScannerHealth> scanners) {
        List<ScannerHealth> down = scanners.stream().filter(health -> !health.isUp()).toList();
        if (down.isEmpty()) {
            return Result.healthy(COMPONENT);
        }
        return Result.unhealthy(COMPONENT, down.stream()
            .map(health -> health.scanner() + " " + health.state().name().toLowerCase(java.util.Locale.ROOT)
                + health.lastError().map(error -> " (" + error + ")").orElse(""))
            .collect(Collectors.joining(", ")) + ": mail is answered 451 until the scan works again");
    }
}
