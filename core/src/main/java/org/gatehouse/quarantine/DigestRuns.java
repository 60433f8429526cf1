package org.gatehouse.quarantine;

import java.time.Instant;
import java.util.Optional;

import org.gatehouse.tenant.TenantId;

/** When each recipient last got a digest: a digest lists what was held since then. */
public interface DigestRuns {
    Optional<Instant> lastSent(TenantId tenant, String recipient);

    void recordSent(TenantId tenant, String recipient, Instant at);
}
