package org.gatehouse.admin;

import java.time.Instant;
import java.util.Optional;
import java.util.Set;

import org.gatehouse.tenant.TenantId;

/**
 * A search of the audit log, newest first.
 *
 * @param tenants when present, only records of these tenants (a tenant administrator's scope); records with no tenant
 *                are then left out
 */
public record AuditQuery(Optional<TenantId> tenant, Optional<Set<TenantId>> tenants, Optional<String> account, Optional<String> action,
                         Optional<Instant> from, Optional<Instant> to, int offset, int limit) {
    public static final int MAX_LIMIT = 1000;

    public AuditQuery {
        if (offset < 0) {
            throw new IllegalArgumentException("offset must not be negative");
        }
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new IllegalArgumentException("limit must be 1 to " + MAX_LIMIT);
        }
    }
}
