package org.gatehouse.antivirus;

import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;

import com.google.common.base.Preconditions;

/**
 * What scanning gave: {@link Status#CLEAN}, {@link Status#INFECTED} with the signature names, {@link Status#TOO_LARGE}
 * (over clamd's {@code StreamMaxLength}) or {@link Status#ERROR} with the reason in Gatehouse's words. Only
 * {@code CLEAN} lets a message through as scanned; a scanner never throws, it answers one of these.
 *
 * @param status the outcome
 * @param signatures the names clamd reported (made of {@code A-Za-z0-9._-}), only when infected
 * @param reason why the outcome is TOO_LARGE or ERROR; empty otherwise
 */
public record ScanResult(Status status, List<String> signatures, String reason) {
    /** The four outcomes, most decisive first when results are {@link #combine combined}. */
    public enum Status {
        INFECTED,
        ERROR,
        /** clamd stopped at one of its own limits (AlertExceedsMax) or the message nests deeper than clamd opens. */
        INCOMPLETE,
        TOO_LARGE,
        CLEAN
    }

    private static final ScanResult CLEAN = new ScanResult(Status.CLEAN, List.of(), "");

    public ScanResult {
        Objects.requireNonNull(status);
        signatures = List.copyOf(signatures);
        Objects.requireNonNull(reason);
        Preconditions.checkArgument((status == Status.INFECTED) != signatures.isEmpty(),
            "signatures are given exactly when infected");
        Preconditions.checkArgument((status == Status.TOO_LARGE || status == Status.ERROR || status == Status.INCOMPLETE) != reason.isEmpty(),
            "a reason is given exactly for TOO_LARGE, INCOMPLETE and ERROR");
    }

    public static ScanResult clean() {
        return CLEAN;
    }

    public static ScanResult infected(String signature) {
        return new ScanResult(Status.INFECTED, List.of(signature), "");
    }

    public static ScanResult tooLarge(String reason) {
        return new ScanResult(Status.TOO_LARGE, List.of(), reason);
    }

    public static ScanResult incomplete(String reason) {
        return new ScanResult(Status.INCOMPLETE, List.of(), reason);
    }

    public static ScanResult error(String reason) {
        return new ScanResult(Status.ERROR, List.of(), reason);
    }

    public boolean isClean() {
        return status == Status.CLEAN;
    }

    /**
     * Several scans of one message as one result, failing closed: INFECTED with every name when any scan found
     * something; otherwise ERROR when any failed, TOO_LARGE when any was too large (their reasons joined with
     * {@code "; "}); CLEAN only when there were scans and all of them were clean.
     */
    public static ScanResult combine(Collection<ScanResult> results) {
        if (results.isEmpty()) {
            return error("nothing was scanned");
        }
        Set<String> names = results.stream().flatMap(result -> result.signatures().stream())
            .collect(Collectors.toCollection(LinkedHashSet::new));
        if (!names.isEmpty()) {
            return new ScanResult(Status.INFECTED, List.copyOf(names), "");
        }
        for (Status failed : List.of(Status.ERROR, Status.INCOMPLETE, Status.TOO_LARGE)) {
            String reasons = results.stream().filter(result -> result.status() == failed).map(ScanResult::reason).distinct()
                .collect(Collectors.joining("; "));
            if (!reasons.isEmpty()) {
                return new ScanResult(failed, List.of(), reasons);
            }
        }
        return CLEAN;
    }
}
