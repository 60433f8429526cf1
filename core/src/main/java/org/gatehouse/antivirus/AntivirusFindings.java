package org.gatehouse.antivirus;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

import org.gatehouse.verdict.Action;
import org.gatehouse.verdict.Finding;

/**
 * The antivirus rule ids (stable, documented in docs/antivirus.md) and how scan results become findings. Every
 * finding carries an action, so a message that is not clean can never pass as delivered-clean: a virus is
 * quarantined, a failed scan gets {@code onError}, a too-large one {@code onTooLarge}.
 */
public final class AntivirusFindings {
    public static final String CHECK = "antivirus";
    /** A scanner found a signature; reason {@code virus found: NAME, NAME}. */
    public static final String VIRUS_FOUND = "VIRUS_FOUND";
    /** A scanner could not scan (down, timed out, answered an error or nonsense). */
    public static final String VIRUS_SCAN_FAILED = "VIRUS_SCAN_FAILED";
    /** A payload is over a clamd's {@code StreamMaxLength}. */
    public static final String VIRUS_SCAN_TOO_LARGE = "VIRUS_SCAN_TOO_LARGE";
    /**
     * Not everything was scanned: a clamd stopped at one of its limits ({@code AlertExceedsMax}), or the message's MIME
     * parts nest deeper than clamd opens ({@code antivirus.maxNesting}). Action {@code antivirus.action.onIncomplete}.
     */
    public static final String VIRUS_SCAN_INCOMPLETE = "VIRUS_SCAN_INCOMPLETE";
    /** How many signature names a reason lists. */
    static final int REASON_NAMES = 10;

    private AntivirusFindings() {
    }

    /**
     * {@code VIRUS_FOUND} (action QUARANTINE) when anything was found, whatever else failed; otherwise
     * {@code VIRUS_SCAN_FAILED} when any scan failed and {@code VIRUS_SCAN_TOO_LARGE} when any payload was too large;
     * nothing when every scan was clean.
     */
    public static List<Finding> of(List<VirusScanReport.Scan> scans, ScanResult combined, AntivirusSettings settings) {
        if (combined.status() == ScanResult.Status.INFECTED) {
            return List.of(Finding.of(VIRUS_FOUND, CHECK, "infected", "virus found: " + names(combined.signatures()))
                .withAction(Action.QUARANTINE));
        }
        List<Finding> findings = new ArrayList<>();
        String errors = reasons(scans, ScanResult.Status.ERROR);
        if (!errors.isEmpty() || combined.status() == ScanResult.Status.ERROR) {
            findings.add(Finding.of(VIRUS_SCAN_FAILED, CHECK, "error",
                "not scanned, not delivered as clean: " + (errors.isEmpty() ? combined.reason() : errors)).withAction(settings.onError()));
        }
        String incomplete = reasons(scans, ScanResult.Status.INCOMPLETE);
        if (!incomplete.isEmpty()) {
            findings.add(Finding.of(VIRUS_SCAN_INCOMPLETE, CHECK, "incomplete", "not completely scanned: " + incomplete)
                .withAction(settings.onIncomplete()));
        }
        String tooLarge = reasons(scans, ScanResult.Status.TOO_LARGE);
        if (!tooLarge.isEmpty()) {
            findings.add(Finding.of(VIRUS_SCAN_TOO_LARGE, CHECK, "too_large", "too large to scan: " + tooLarge)
                .withAction(settings.onTooLarge()));
        }
        return List.copyOf(findings);
    }

    /**
     * {@code VIRUS_SCAN_INCOMPLETE} when the message's MIME parts nest deeper than the clamds open
     * ({@code antivirus.maxNesting}, set to match clamd's {@code MaxRecursion}): clamd would answer "clean" for what it
     * never reached.
     */
    public static List<Finding> ofNesting(int depth, AntivirusSettings settings) {
        if (depth <= settings.maxNesting()) {
            return List.of();
        }
        return List.of(Finding.of(VIRUS_SCAN_INCOMPLETE, CHECK, "incomplete", "not completely scanned: MIME parts nested "
            + depth + " levels deep, clamd opens " + settings.maxNesting() + " (antivirus.maxNesting)").withAction(settings.onIncomplete()));
    }

    private static String reasons(List<VirusScanReport.Scan> scans, ScanResult.Status status) {
        return scans.stream().filter(scan -> scan.result().status() == status).map(scan -> scan.result().reason()).distinct()
            .collect(Collectors.joining("; "));
    }

    private static String names(List<String> signatures) {
        String listed = signatures.stream().limit(REASON_NAMES).map(ClamdClient::signature).collect(Collectors.joining(", "));
        return signatures.size() > REASON_NAMES ? listed + " and " + (signatures.size() - REASON_NAMES) + " more" : listed;
    }
}
