package org.gatehouse.sender.dnsbl;

import java.util.Objects;
import java.util.Optional;

import org.gatehouse.verdict.Finding;

import com.google.common.collect.ImmutableList;

/**
 * What one DNS blocklist said about the client address.
 *
 * @param zone the list's zone
 * @param status listed, not listed, or why the answer could not be used
 * @param returnCodes the 127.0.0.x answers when listed
 * @param reason what a person reading the quarantine sees
 */
public record DnsblResult(String zone, Status status, ImmutableList<String> returnCodes, String reason) {
    public static final String CHECK = "dnsbl";

    public enum Status {
        LISTED,
        NOT_LISTED,
        /** The lookup failed, or the list refused to answer (127.255.255.252–255): no statement either way. */
        TEMPERROR,
        /** An answer outside 127.0.0.0/8 (RFC 5782 §2.1): a misconfigured or defunct list, ignored. */
        INVALID_ANSWER
    }

    public DnsblResult {
        Objects.requireNonNull(zone);
        Objects.requireNonNull(status);
        Objects.requireNonNull(returnCodes);
        Objects.requireNonNull(reason);
    }

    /** The finding for the verdict; none when the address is not listed. */
    public Optional<Finding> finding() {
        return switch (status) {
            case LISTED -> Optional.of(Finding.of("DNSBL_LISTED", CHECK, zone, reason));
            case TEMPERROR -> Optional.of(Finding.of("DNSBL_TEMPERROR", CHECK, zone, reason));
            case INVALID_ANSWER -> Optional.of(Finding.of("DNSBL_INVALID_ANSWER", CHECK, zone, reason));
            case NOT_LISTED -> Optional.empty();
        };
    }
}
