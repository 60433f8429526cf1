package org.gatehouse.sender.dmarc;

import java.util.Objects;
import java.util.Optional;

/**
 * A domain SPF or one DKIM signature spoke for, and whether it passed: the raw material DMARC aligns with the From
 * domain (RFC 7489 §3.1).
 *
 * @param domain the SPF-authenticated domain, or a signature's {@code d=}
 * @param pass whether SPF passed for it, or the signature verified
 */
public record AuthenticatedIdentifier(String domain, boolean pass) {
    public AuthenticatedIdentifier {
        domain = OrganizationalDomain.canonical(Objects.requireNonNull(domain));
    }

    /**
     * The SPF identifier: the MAIL FROM domain, or the HELO name when the reverse-path is null (RFC 7489 §3.1.2,
     * RFC 7208 §2.4).
     */
    public static AuthenticatedIdentifier spf(Optional<String> mailFromDomain, String heloDomain, boolean pass) {
        return new AuthenticatedIdentifier(mailFromDomain.orElse(heloDomain), pass);
    }

    /** One DKIM signature's signing domain and whether it verified. */
    public static AuthenticatedIdentifier dkim(String signingDomain, boolean pass) {
        return new AuthenticatedIdentifier(signingDomain, pass);
    }
}
