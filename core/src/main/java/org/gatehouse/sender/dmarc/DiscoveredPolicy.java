package org.gatehouse.sender.dmarc;

import java.util.Objects;

/**
 * What DMARC policy discovery (RFC 7489 §6.6.3) found for a From domain: a record to apply, none, an invalid one
 * (permerror), or a DNS failure (temperror, which must never be read as "no policy").
 */
public sealed interface DiscoveredPolicy {

    /** Why this is the outcome, for the finding's reason. */
    String reason();

    /**
     * A record to apply.
     *
     * @param policyDomain the domain whose {@code _dmarc} name holds the record
     * @param record the parsed record
     * @param organizationalDomain whether it came from the organizational domain of a subdomain From, so that
     *                             {@code sp} applies
     */
    record Found(String policyDomain, DmarcRecord record, boolean organizationalDomain) implements DiscoveredPolicy {
        public Found {
            Objects.requireNonNull(policyDomain);
            Objects.requireNonNull(record);
        }

        @Override
        public String reason() {
            return "DMARC record at _dmarc." + policyDomain + (organizationalDomain ? " (organizational domain)" : "");
        }
    }

    /** No DMARC record, or several at one name: DMARC is not applied. */
    record NotFound(String reason) implements DiscoveredPolicy {
        public NotFound {
            Objects.requireNonNull(reason);
        }
    }

    /** A DMARC record that cannot be applied, or a From domain that is not a domain name. */
    record PermanentError(String reason) implements DiscoveredPolicy {
        public PermanentError {
            Objects.requireNonNull(reason);
        }
    }

    /** A DNS lookup failed for now; retrying later may find the policy. */
    record TemporaryError(String reason) implements DiscoveredPolicy {
        public TemporaryError {
            Objects.requireNonNull(reason);
        }
    }
}
