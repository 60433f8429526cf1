package org.gatehouse.sender.ptr;

import java.net.InetAddress;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

import org.gatehouse.verdict.Finding;

import com.google.common.net.InetAddresses;

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

    /**
     * The RFC 8601 iprev result, e.g. {@code iprev=pass policy.iprev=192.0.2.1 (mail.example.com)}; an address
     * without PTR record is iprev {@code permerror} (§2.7.3).
     */
    public String authenticationResultsProperty(InetAddress client) {
        String result = switch (status) {
            case PASS -> "pass";
            case FAIL -> "fail";
            case NONE -> "permerror";
            case TEMPERROR -> "temperror";
        };
        String property = "iprev=" + result + " policy.iprev=" + InetAddresses.toAddrString(client);
        return confirmedName.map(name -> property + " (" + name.replaceAll("[^A-Za-z0-9.-]", "") + ")").orElse(property);
    }

    public Finding finding() {
        return Finding.of("PTR_" + status.name(), CHECK, status.name().toLowerCase(Locale.ROOT), reason);
    }
}
