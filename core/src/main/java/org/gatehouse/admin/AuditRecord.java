package org.gatehouse.admin;

import java.time.Instant;
import java.util.Optional;

import org.gatehouse.tenant.TenantId;

/**
 * One entry of the audit log: who did what to which target, for which tenant, with what outcome (the HTTP status), and
 * for configuration changes the values before and after (secrets masked by the caller).
 *
 * @param account the authenticated account, or the login that was tried when authentication failed
 * @param action  {@code METHOD route} with the route's parameters as names, e.g. {@code PUT /gatehouse/tenants/:id}
 * @param target  the concrete path or resource id acted on
 */
public record AuditRecord(long id, Instant at, Optional<String> account, Optional<Role> role, Optional<String> clientIp,
                          Optional<TenantId> tenant, String action, Optional<String> target, int status,
                          Optional<String> before, Optional<String> after) {
    /** A record not yet stored (its id is given by the log). */
    public static AuditRecord of(Instant at, Optional<String> account, Optional<Role> role, Optional<String> clientIp,
                                 Optional<TenantId> tenant, String action, Optional<String> target, int status,
                                 Optional<String> before, Optional<String> after) {
        return new AuditRecord(0, at, account, role, clientIp, tenant, action, target, status, before, after);
    }
}
