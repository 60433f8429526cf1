package org.gatehouse.sender.ptr;

import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

import org.gatehouse.verdict.Finding;

/**
 * Whether the connecting address has forward-confirmed reverse DNS.
 *
 * @param status the outcome
 * @param confirmedName the PTR name that resolves back to the address, when {@link Status#PASS}
 * @param reason what a person reading the quarantine sees
 */
public record PtrResult(Status status, Optional<String> confirmedName, String reason) {
    public static final String CHECK = "ptr";

    public enum Status {
        /** A PTR name resolves back to the address. */
        PASS,
        /** PTR names exist but none resolves back to the address. */
        FAIL,
        /** The address has no PTR record. */
        NONE,
        /** A lookup failed before the question could be answered. */
        TEMPERROR
    }

    public PtrResult {
        Objects.requireNonNull(status);
        Objects.requireNonNull(confirmedName);
        Objects.requireNonNull(reason);
    }

    public Finding finding() {
        return Finding.of("PTR_" + status.name(), CHECK, status.name().toLowerCase(Locale.ROOT), reason);
    }
}
