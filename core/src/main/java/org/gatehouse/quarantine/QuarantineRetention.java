package org.gatehouse.quarantine;

import java.time.Duration;

import org.gatehouse.tenant.TenantId;

/** How long a tenant keeps what each family holds (the tenant's {@code quarantine.retentionDays}). */
@FunctionalInterface
public interface QuarantineRetention {
    Duration retentionOf(TenantId tenant, QuarantineFamily family);
}
