package org.gatehouse.sender.dmarc;

import java.util.Optional;

/**
 * How closely an authenticated domain must match the RFC5322.From domain (the {@code adkim} and {@code aspf} tags,
 * RFC 7489 §3.1): strict asks for the same name, relaxed for the same organizational domain.
 */
public enum AlignmentMode {
    RELAXED("r"),
    STRICT("s");

    private final String tagValue;

    AlignmentMode(String tagValue) {
        this.tagValue = tagValue;
    }

    /** The tag value, {@code r} or {@code s}. */
    public String tagValue() {
        return tagValue;
    }

    public static Optional<AlignmentMode> parse(String value) {
        for (AlignmentMode mode : values()) {
            if (mode.tagValue.equalsIgnoreCase(value)) {
                return Optional.of(mode);
            }
        }
        return Optional.empty();
    }

    /** Whether the authenticated domain aligns with the From domain; names that are not domain names never align. */
    public boolean aligned(String authenticatedDomain, String fromDomain) {
        String authenticated = OrganizationalDomain.canonical(authenticatedDomain);
        String from = OrganizationalDomain.canonical(fromDomain);
        if (authenticated.isEmpty() || from.isEmpty()) {
            return false;
        }
        if (authenticated.equals(from)) {
            return true;
        }
        if (this == STRICT) {
            return false;
        }
        try {
            return OrganizationalDomain.of(authenticated).equals(OrganizationalDomain.of(from));
        } catch (IllegalArgumentException notADomainName) {
            return false;
        }
    }
}
