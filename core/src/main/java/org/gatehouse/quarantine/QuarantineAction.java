package org.gatehouse.quarantine;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

import org.gatehouse.tenant.TenantId;

/**
 * The one final action taken on a quarantine entry: released, deleted or purged. Recording it first is what makes
 * a release happen exactly once, however many times (and from however many places) it is asked for.
 *
 * @param actor who acted: {@code webadmin}, {@code digest:alice@example.com}, {@code retention}...
 */
public record QuarantineAction(String entryId, TenantId tenant, Kind kind, String actor, Instant at, Optional<String> detail) {
    /** What was done. */
    public enum Kind {
        RELEASED, DELETED, PURGED;

        public String asString() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    public QuarantineAction {
        Objects.requireNonNull(entryId, "entryId");
        Objects.requireNonNull(tenant, "tenant");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(actor, "actor");
        Objects.requireNonNull(at, "at");
        Objects.requireNonNull(detail, "detail");
    }
}
