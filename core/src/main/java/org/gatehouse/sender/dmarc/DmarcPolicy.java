package org.gatehouse.sender.dmarc;

import java.util.Locale;
import java.util.Optional;

/**
 * What a domain owner asks receivers to do with mail that fails DMARC (the {@code p} and {@code sp} tags, RFC 7489
 * §6.3), and the disposition that remains after {@code pct} sampling; in increasing severity.
 */
public enum DmarcPolicy {
    NONE,
    QUARANTINE,
    REJECT;

    /** The tag value, e.g. {@code reject}. */
    public String asString() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The policy a tag value names (case-insensitive, as the RFC 7489 ABNF literals are), empty when none. */
    public static Optional<DmarcPolicy> parse(String value) {
        for (DmarcPolicy policy : values()) {
            if (policy.asString().equalsIgnoreCase(value)) {
                return Optional.of(policy);
            }
        }
        return Optional.empty();
    }

    /** RFC 7489 §6.6.4: a failing message that {@code pct} sampling exempts gets the next lower policy. */
    public DmarcPolicy nextLower() {
        return this == NONE ? NONE : values()[ordinal() - 1];
    }
}
